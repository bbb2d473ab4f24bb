/** `GET /models/{model}`: free, and the API's own word on when a model shuts down. */
import { z } from 'zod';
import { createClient, type Connection } from './imagesClient';

const modelSchema = z.object({ id: z.string(), shutdown_date: z.union([z.string(), z.number()]).nullish() }).loose();

/** A `shutdown_date` as a calendar day: the API gives a date (or a timestamp); anything else is not one. */
export function shutdownDay(raw: string | number | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) && raw > 0 ? new Date(raw * 1000).toISOString().slice(0, 10) : undefined;
  return /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : undefined;
}

/** The announced shutdown day of `model` (undefined when none is announced); throws when the lookup fails. */
export async function lookUpShutdown(connection: Connection, model: string, signal?: AbortSignal): Promise<string | undefined> {
  const raw = await createClient(connection).models.retrieve(model, { signal });
  const parsed = modelSchema.safeParse(raw);
  return parsed.success ? shutdownDay(parsed.data.shutdown_date) : undefined;
}
