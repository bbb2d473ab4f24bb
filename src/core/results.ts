/**
 * The history of requests: running, finished, failed and cancelled, newest first, bounded. It is what the
 * panel shows and what the extension keeps in its global storage, so it must hold enough to run a
 * request again (the recipe) and nothing that is not the user's own (no keys, no image bytes).
 */
import { z } from 'zod';
import { COMPLEXITIES, OUTPUT_FORMATS, QUALITIES, type Complexity, type OutputFormat } from './modelCatalogue';
import type { Settings } from './settings';

export const DEFAULT_HISTORY_LIMIT = 500;

/** What a request was asked with beyond model, size and quality: enough for Regenerate and More Like This. */
export const requestSettingsSchema = z.object({
  background: z.enum(['auto', 'transparent', 'opaque']),
  outputFormat: z.enum(OUTPUT_FORMATS),
  outputCompression: z.number().int().min(0).max(100).nullable(),
  moderation: z.enum(['auto', 'low']),
  inputFidelity: z.enum(['low', 'high']),
  count: z.number().int().min(1).max(10),
  /** Added in 0.3; entries before it were made with the model's default. */
  complexity: z.enum(COMPLEXITIES).default('auto'),
  gifFrameCount: z.number().int().min(2).max(16).optional(),
  gifFrameDurationMs: z.number().int().min(10).max(655_350).optional(),
});

export type RequestSettings = z.infer<typeof requestSettingsSchema>;

/** What an entry records of the settings a request was sent with: the format, count and complexity as sent. */
export function recordedSettings(
  settings: Settings,
  sent: { readonly format: OutputFormat; readonly count: number; readonly complexity?: Complexity },
): RequestSettings {
  return {
    background: settings.background,
    outputFormat: settings.outputFormat,
    outputCompression: settings.outputCompression,
    moderation: settings.moderation,
    inputFidelity: settings.inputFidelity,
    count: sent.count,
    complexity: sent.complexity ?? 'auto',
    ...(sent.format === 'gif' ? { gifFrameCount: settings.gifFrameCount, gifFrameDurationMs: settings.gifFrameDurationMs } : {}),
  };
}

const uri = z.string().max(4096);

export const resultEntrySchema = z.object({
  id: z.string().max(100),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  kind: z.enum(['generate', 'edit']),
  prompt: z.string().max(40_000),
  // Any id, not only today's catalogue: an entry made with a model that has since been shut down stays readable.
  model: z.string().min(1).max(100),
  size: z.string().max(20),
  quality: z.enum(QUALITIES),
  format: z.enum(OUTPUT_FORMATS),
  /** The rest of the recipe; missing in entries written before 0.2. */
  settings: requestSettingsSchema.optional(),
  startedAt: z.number(),
  durationMs: z.number().optional(),
  /** URIs (as strings) of the files written. */
  files: z.array(uri).max(10),
  /** A paid answer whose files could not be written: where its images are kept instead (the recovery folder). */
  recovered: z.array(uri).max(10).optional(),
  /** URIs of the input images of an edit. */
  sources: z.array(uri).max(16).default([]),
  mask: uri.optional(),
  /** The markup overlay of an edit (GPT Image 2.5). */
  markup: uri.optional(),
  /** The document the prompt was selected in, if any. */
  origin: uri.optional(),
  /** Where the files went and under which name, so Regenerate writes beside them. */
  outputFolder: uri.optional(),
  stem: z.string().max(300).optional(),
  /** For a refinement: the entry whose image was edited. */
  parentId: z.string().max(100).optional(),
  /** For a conversation turn: the conversation, so the panel can open it again. */
  conversationId: z.string().max(100).optional(),
  /** Partial images asked for; 0 or missing for a plain request. */
  partialImages: z.number().int().min(0).max(3).optional(),
  error: z.string().max(10_000).optional(),
  requestId: z.string().max(200).optional(),
  /** Estimated before sending, in USD; `approximate` where no exact price is published. */
  estimate: z.object({ usd: z.number(), approximate: z.boolean() }).optional(),
  /** The response's token usage and what it cost, in USD. */
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), outputImageTokens: z.number().optional() }).optional(),
  costUsd: z.number().optional(),
});

export type ResultEntry = z.infer<typeof resultEntrySchema>;

/** The files a card shows: those written, then those of a paid answer that wait in recovery. */
export function shownFiles(entry: ResultEntry): readonly string[] {
  return entry.recovered?.length ? [...entry.files, ...entry.recovered] : entry.files;
}

/** Parses a saved list entry by entry: one damaged entry does not cost the whole history. */
export function parseEntries(raw: unknown): ResultEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = resultEntrySchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The refinements above an entry, oldest first: the thread it belongs to. Pass a map by id to look up many. */
export function threadOf(entries: readonly ResultEntry[] | ReadonlyMap<string, ResultEntry>, id: string): ResultEntry[] {
  const byId = entries instanceof Map ? entries : new Map((entries as readonly ResultEntry[]).map((entry) => [entry.id, entry]));
  const thread: ResultEntry[] = [];
  const seen = new Set<string>([id]);
  let parentId = byId.get(id)?.parentId;
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = byId.get(parentId);
    if (!parent) break;
    thread.unshift(parent);
    parentId = parent.parentId;
  }
  return thread;
}

/** Merges two lists by id (`preferred` wins), newest first, without `removed`, at most `limit`. */
export function mergeEntries(preferred: readonly ResultEntry[], other: readonly ResultEntry[], removed: ReadonlySet<string>, limit: number): ResultEntry[] {
  const byId = new Map<string, ResultEntry>();
  for (const entry of [...other, ...preferred]) if (!removed.has(entry.id)) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
}

type Listener = () => void;

export class ResultsStore {
  private entries: ResultEntry[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private limit = DEFAULT_HISTORY_LIMIT) {}

  all(): readonly ResultEntry[] {
    return this.entries;
  }

  get(id: string): ResultEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** Adds or replaces an entry (by id), newest first; running requests are never dropped by the bound. */
  put(entry: ResultEntry): void {
    const known = this.entries.some((existing) => existing.id === entry.id);
    this.entries = known ? this.entries.map((existing) => (existing.id === entry.id ? entry : existing)) : [entry, ...this.entries];
    this.trim();
    this.changed();
  }

  /** Takes in entries from storage (another window's, or an earlier session's); live ones win. */
  merge(saved: readonly ResultEntry[], removed: ReadonlySet<string> = new Set()): void {
    const running = this.entries.filter((entry) => entry.status === 'running');
    // A request that was running when its window closed will never finish.
    const finished = saved.filter((entry) => entry.status !== 'running');
    this.entries = mergeEntries(this.entries, finished, removed, Math.max(this.limit, running.length));
    this.changed();
  }

  setLimit(limit: number): void {
    if (limit === this.limit) return;
    this.limit = limit;
    this.trim();
    this.changed();
  }

  /** Removes finished entries; returns their ids. Files on disk are not touched. */
  clear(): string[] {
    const removed = this.entries.filter((entry) => entry.status !== 'running').map((entry) => entry.id);
    this.entries = this.entries.filter((entry) => entry.status === 'running');
    this.changed();
    return removed;
  }

  /** Tells listeners to look again (a file was deleted or restored on disk). */
  touch(): void {
    this.changed();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private trim(): void {
    let finished = 0;
    this.entries = this.entries.filter((entry) => entry.status === 'running' || ++finished <= this.limit);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
