/**
 * Shutdowns learned from the API. The catalogue is a release's snapshot; OpenAI announces shutdowns between
 * releases. Once a day per model in use, `GET /v1/models/{id}` is read in the background (free, never in a
 * request's way), and a `shutdown_date` the catalogue does not know is kept, so ModelRetirement warns and offers
 * the switch for it as for a known one.
 */
import type * as vscode from 'vscode';
import { z } from 'zod';
import { lookUpShutdown } from '../../api/modelLookup';
import { connectionFor, providerOf, type Connection } from '../../api/imagesClient';
import { PROVIDER_CAPABILITIES } from '../../core/providers';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { SettingsReader } from '../../platform/settingsReader';
import { isoDay, type LearnedShutdowns } from '../../core/modelLifecycle';
import type { Logger } from '../../platform/logger';

const STATE_KEY = 'openaiImages.learnedShutdowns';

/** What was learned of each model, and on which day it was last asked. */
type Learned = Record<string, { readonly checkedOn: string; readonly shutdown?: string }>;

export class ShutdownWatch {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger,
    private readonly today: () => string = () => isoDay(new Date()),
  ) {}

  /** The shutdowns the API announced, by model. */
  learned(): LearnedShutdowns {
    const learned = this.read();
    return new Map(Object.entries(learned).flatMap(([model, { shutdown }]) => (shutdown ? [[model, shutdown] as const] : [])));
  }

  /** Asks the API about `model` unless it was asked today; never throws, never waited for by a request. */
  checkInBackground(model: string, connection: Connection): void {
    this.log.inBackground(`Looking up ${model}`, this.check(model, connection));
  }

  /** The check itself, for callers that want to know when it is done (tests, the activation check). */
  check(model: string, connection: Connection): Promise<void> {
    // Azure's lookups describe base models, with no shutdown date for the user's deployments.
    if (!PROVIDER_CAPABILITIES[providerOf(connection)].modelLookup) return Promise.resolve();
    if (this.read()[model]?.checkedOn === this.today()) return Promise.resolve();
    const known = this.running.get(model);
    if (known) return known;
    const work = this.lookUp(model, connection).finally(() => this.running.delete(model));
    this.running.set(model, work);
    return work;
  }

  private async lookUp(model: string, connection: Connection): Promise<void> {
    let shutdown: string | undefined;
    try {
      shutdown = await lookUpShutdown(connection, model);
    } catch (error) {
      // A lookup can answer 404 while generation works (it did at the 2.5 launch): nothing is learned from a failure.
      this.log.info(`GET /models/${model} did not answer (${error instanceof Error ? error.message : String(error)}); tried again tomorrow`);
      await this.save(model, { checkedOn: this.today(), shutdown: this.read()[model]?.shutdown });
      return;
    }
    const before = this.read()[model]?.shutdown;
    if (shutdown !== before) this.log.info(`GET /models/${model}: shutdown_date ${shutdown ?? 'none'} (was ${before ?? 'none'})`);
    await this.save(model, { checkedOn: this.today(), shutdown });
  }

  private read(): Learned {
    const raw = this.state.get<unknown>(STATE_KEY);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? sanitize(raw as Record<string, unknown>) : {};
  }

  private async save(model: string, value: Learned[string]): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.read(), [model]: value });
  }
}

/** At start-up, with a stored key only (nobody is asked for one): the model the settings name. */
export async function checkModelInUse(keys: ApiKeyStore, settings: SettingsReader, watch: ShutdownWatch): Promise<void> {
  const apiKey = await keys.get();
  if (!apiKey) return;
  const current = settings.read();
  await watch.check(current.model, connectionFor(current, apiKey));
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const entrySchema = z.object({ checkedOn: day, shutdown: day.optional() });

/** Stored state is read back as untrusted, entry by entry: only well-formed days survive. */
function sanitize(raw: Record<string, unknown>): Learned {
  const learned: Record<string, z.infer<typeof entrySchema>> = {};
  for (const [model, value] of Object.entries(raw)) {
    const entry = entrySchema.safeParse(value);
    if (entry.success && model.length <= 100) learned[model] = entry.data;
  }
  return learned;
}
