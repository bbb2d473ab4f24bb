/**
 * Messages between the panel's webview and the extension. Everything from the webview is untrusted:
 * it is parsed here, and it can only name a result and a file index, never a path or a command.
 */
import { z } from 'zod';
import type { ResultEntry } from '../core/results';

const fileRef = { resultId: z.string().max(100), fileIndex: z.number().int().min(0).max(9) };

export const fromWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('open'), ...fileRef }).strict(),
  z.object({ type: z.literal('reveal'), ...fileRef }).strict(),
  z.object({ type: z.literal('copyPath'), ...fileRef }).strict(),
  z.object({ type: z.literal('copyMarkdownLink'), ...fileRef }).strict(),
  z.object({ type: z.literal('showLog') }).strict(),
  z.object({ type: z.literal('clear') }).strict(),
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** One file of a result as the webview draws it. */
export interface FileView {
  /** Workspace-relative path, shown as the link text. */
  readonly label: string;
  /** `asWebviewUri` of the file, for `<img src>`. */
  readonly src: string;
}

export interface ResultView extends ResultEntry {
  readonly views: FileView[];
  /** The cost as shown: actual when known, else the estimate while it runs. */
  readonly costText?: string;
}

export type ToWebview = { readonly type: 'results'; readonly items: ResultView[] };

/** Largest message we are willing to parse; a real one is a few hundred bytes. */
export const MAX_MESSAGE_CHARS = 10_000;

export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (JSON.stringify(message ?? null).length > MAX_MESSAGE_CHARS) return undefined;
  const parsed = fromWebviewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
