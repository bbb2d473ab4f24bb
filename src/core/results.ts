/**
 * The results the panel shows: running, finished and failed requests, newest first. Kept in memory by
 * the extension and saved in the webview's state so the panel comes back after a window reload.
 */
import { z } from 'zod';

export const MAX_RESULTS = 50;

export const resultEntrySchema = z.object({
  id: z.string().max(100),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  kind: z.enum(['generate', 'edit']),
  prompt: z.string().max(40_000),
  model: z.string().max(100),
  size: z.string().max(20),
  quality: z.string().max(20),
  format: z.string().max(10),
  startedAt: z.number(),
  durationMs: z.number().optional(),
  /** URIs (as strings) of the files written. */
  files: z.array(z.string().max(4096)).max(10),
  /** URIs of the input images of an edit. */
  sources: z.array(z.string().max(4096)).max(17).default([]),
  error: z.string().max(10_000).optional(),
  requestId: z.string().max(200).optional(),
  /** Estimated before sending, in USD; `approximate` where no exact price is published. */
  estimate: z.object({ usd: z.number(), approximate: z.boolean() }).optional(),
  /** From the response's token usage, in USD. */
  costUsd: z.number().optional(),
});

export type ResultEntry = z.infer<typeof resultEntrySchema>;

/** What the webview saved; view-only fields it added (image URIs) are stripped by the parse. */
export const savedResultsSchema = z.object({ entries: z.array(resultEntrySchema).max(MAX_RESULTS) });

type Listener = () => void;

export class ResultsStore {
  private entries: ResultEntry[] = [];
  private readonly listeners = new Set<Listener>();

  all(): readonly ResultEntry[] {
    return this.entries;
  }

  get(id: string): ResultEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** Adds or replaces an entry (by id), newest first, keeping at most MAX_RESULTS. */
  put(entry: ResultEntry): void {
    const known = this.entries.some((existing) => existing.id === entry.id);
    const entries = known ? this.entries.map((existing) => (existing.id === entry.id ? entry : existing)) : [entry, ...this.entries];
    this.entries = entries.slice(0, MAX_RESULTS);
    this.changed();
  }

  /** Restores entries saved by a previous window; a request that was running then will never finish. */
  restore(saved: readonly ResultEntry[]): void {
    if (this.entries.length > 0) return;
    this.entries = saved.filter((entry) => entry.status !== 'running').slice(0, MAX_RESULTS);
    this.changed();
  }

  clear(): void {
    this.entries = this.entries.filter((entry) => entry.status === 'running');
    this.changed();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
