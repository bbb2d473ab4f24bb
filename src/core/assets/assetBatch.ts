/**
 * Assets through OpenAI's Batch API (about half the price, results within 24 hours): the JSONL request
 * file for the stale generated assets, and the reading of the output and error files. Edits cannot go in
 * a batch here: they send image files, and a batch line is JSON.
 */
import { z } from 'zod';
import { modelOrDefault } from '../modelCatalogue';
import { planGenerate } from '../requestPlan';
import type { PlanItem } from './assetPlan';

export const BATCH_ENDPOINT = '/v1/images/generations';

/**
 * One request file per model. A batch object names a single `model` (the SDK's `Batch.model`), and OpenAI's
 * batch guide asks for one model per input file, so a manifest that mixes models becomes several batches.
 */
export interface BatchRequestPart {
  readonly model: string;
  /** One request per line, `custom_id` = the asset's lock key. */
  readonly jsonl: string;
  readonly submitted: readonly PlanItem[];
}

export interface BatchRequestFile {
  readonly parts: readonly BatchRequestPart[];
  readonly submitted: readonly PlanItem[];
  /** Stale assets that cannot go in a batch, with why. */
  readonly excluded: ReadonlyArray<{ readonly item: PlanItem; readonly reason: 'edit' | 'needs-confirmation' | 'invalid' | 'no-batch' }>;
}

export function batchRequestFile(items: readonly PlanItem[]): BatchRequestFile {
  const byModel = new Map<string, { lines: string[]; submitted: PlanItem[] }>();
  const submitted: PlanItem[] = [];
  const excluded: Array<BatchRequestFile['excluded'][number]> = [];
  for (const item of items) {
    const { asset } = item;
    if (asset.edit) {
      excluded.push({ item, reason: 'edit' });
      continue;
    }
    // A file changed by hand is only replaced after asking, which a batch collected later cannot promise.
    if (item.status === 'modified' || item.status === 'untracked') {
      excluded.push({ item, reason: 'needs-confirmation' });
      continue;
    }
    if (!modelOrDefault(asset.settings.model).batch) {
      excluded.push({ item, reason: 'no-batch' });
      continue;
    }
    const plan = planGenerate(asset.prompt, asset.settings);
    if (!plan.ok) {
      excluded.push({ item, reason: 'invalid' });
      continue;
    }
    const part = byModel.get(plan.body.model) ?? { lines: [], submitted: [] };
    byModel.set(plan.body.model, part);
    part.lines.push(JSON.stringify({ custom_id: asset.key, method: 'POST', url: BATCH_ENDPOINT, body: plan.body }));
    part.submitted.push(item);
    submitted.push(item);
  }
  const parts = [...byModel].map(([model, part]) => ({ model, jsonl: `${part.lines.join('\n')}\n`, submitted: part.submitted }));
  return { parts, submitted, excluded };
}

const batchLineSchema = z
  .object({
    custom_id: z.string().max(1024),
    response: z.object({ status_code: z.number(), request_id: z.string().nullish(), body: z.unknown() }).loose().nullish(),
    error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).loose().nullish(),
  })
  .loose();

const batchUsageSchema = z
  .object({
    input_tokens: z.number(),
    output_tokens: z.number(),
    input_tokens_details: z.object({ image_tokens: z.number().optional(), text_tokens: z.number().optional() }).optional(),
    output_tokens_details: z.object({ image_tokens: z.number().optional(), text_tokens: z.number().optional() }).nullish(),
  })
  .loose();

/** The image is read apart from the accounting: a paid image is never dropped over a `usage` that does not parse. */
const imageBodySchema = z
  .object({
    data: z.array(z.object({ b64_json: z.string().min(1) }).loose()).min(1),
    usage: z.unknown().optional(),
  })
  .loose();

const errorBodySchema = z.object({ error: z.object({ message: z.string().optional(), code: z.string().nullish() }).loose() }).loose();

export type BatchLineResult =
  | {
      readonly key: string;
      readonly ok: true;
      readonly image: Uint8Array;
      readonly requestId?: string;
      /** Undefined when the line carried none, or one that did not parse (the cost is then unknown). */
      readonly usage?: z.infer<typeof batchUsageSchema>;
    }
  | { readonly key: string; readonly ok: false; readonly reason: string; readonly requestId?: string };

/** Every line of a batch output or error file, each as an image or a reason; lines that do not parse are reported, not dropped. */
export function readBatchResults(text: string): { results: BatchLineResult[]; unreadable: number } {
  const results: BatchLineResult[] = [];
  let unreadable = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      unreadable += 1;
      continue;
    }
    const line = batchLineSchema.safeParse(json);
    if (!line.success) {
      unreadable += 1;
      continue;
    }
    const { custom_id: key, response, error } = line.data;
    const requestId = response?.request_id ?? undefined;
    if (error) {
      results.push({ key, ok: false, reason: error.message ?? error.code ?? 'failed', requestId });
      continue;
    }
    if (!response || response.status_code !== 200) {
      const body = errorBodySchema.safeParse(response?.body);
      results.push({
        key,
        ok: false,
        reason: body.success
          ? (body.data.error.message ?? body.data.error.code ?? `status ${response?.status_code}`)
          : `status ${response?.status_code ?? '?'}`,
        requestId,
      });
      continue;
    }
    const body = imageBodySchema.safeParse(response.body);
    if (!body.success) {
      results.push({ key, ok: false, reason: 'the answer has no image', requestId });
      continue;
    }
    const usage = batchUsageSchema.safeParse(body.data.usage);
    results.push({ key, ok: true, image: Buffer.from(body.data.data[0]!.b64_json, 'base64'), requestId, usage: usage.success ? usage.data : undefined });
  }
  return { results, unreadable };
}
