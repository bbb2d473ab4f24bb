/**
 * Messages between the panel's webview and the extension. Everything from the webview is untrusted:
 * it is parsed here, and it can only name a result and a file index, never a path or a command.
 */
import { z } from 'zod';
import type { ResultEntry } from '../../core/results';

const fileRef = { resultId: z.string().max(100), fileIndex: z.number().int().min(0).max(9) };
const resultRef = { resultId: z.string().max(100) };

/** What can be done to one file of a result. */
export const FILE_ACTIONS = ['open', 'reveal', 'copyPath', 'copyMarkdownLink', 'insert', 'refine', 'deleteFile'] as const;
/** What can be done to a whole result (its recipe). */
export const RESULT_ACTIONS = ['regenerate', 'moreLikeThis'] as const;

export type FileAction = (typeof FILE_ACTIONS)[number];
export type ResultAction = (typeof RESULT_ACTIONS)[number];

export const fromWebviewSchema = z.union([
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('showLog') }).strict(),
  z.object({ type: z.literal('clear') }).strict(),
  z.object({ type: z.enum(FILE_ACTIONS), ...fileRef }).strict(),
  z.object({ type: z.enum(RESULT_ACTIONS), ...resultRef }).strict(),
  z.object({ type: z.enum(['runPlan', 'dismissPlan']), planId: z.string().max(100) }).strict(),
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** One file of a result as the webview draws it. */
export interface FileView {
  /** Workspace-relative path, shown as the link text. */
  readonly label: string;
  /** `asWebviewUri` of the file, for `<img src>`. */
  readonly src: string;
  /** The file's own URI, for dragging it into an editor. */
  readonly uri: string;
  /** Deleted or moved since it was written: drawn as missing, not as a broken image. */
  readonly missing: boolean;
}

export interface ResultView extends ResultEntry {
  readonly views: FileView[];
  /** The cost as shown: actual when known, else the estimate while it runs. */
  readonly costText?: string;
  /** Where the request came from: the document of the selection, or the input images of an edit. */
  readonly fromText?: string;
  /** The refinements this one grew from, oldest first. */
  readonly thread: Array<{ readonly id: string; readonly prompt: string }>;
}

/** An asset plan ("Generate Assets"): what will be made and why, then its progress and summary. */
export interface PlanView {
  readonly id: string;
  readonly title: string;
  readonly items: ReadonlyArray<{ readonly out: string; readonly reason: string; readonly cost: string }>;
  readonly total: string;
  readonly state: 'waiting' | 'running' | 'done';
  /** "4/12" while running; the summary when done. */
  readonly status?: string;
  readonly failures?: ReadonlyArray<{ readonly out: string; readonly reason: string }>;
}

export type ToWebview =
  | { readonly type: 'results'; readonly items: ResultView[] }
  /** A streamed partial image of a running request; bytes travel as a typed array, not base64. */
  | { readonly type: 'partial'; readonly resultId: string; readonly index: number; readonly mime: string; readonly bytes: Uint8Array }
  | { readonly type: 'plan'; readonly plan: PlanView | undefined };

/** Largest message we are willing to parse; a real one is a few hundred bytes. */
export const MAX_MESSAGE_CHARS = 10_000;

export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (JSON.stringify(message ?? null).length > MAX_MESSAGE_CHARS) return undefined;
  const parsed = fromWebviewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
