/**
 * Messages between the panel's webview and the extension: one discriminated union each way, each with its
 * schema, shared by both sides (the webview bundles this file). Both sides parse what arrives: the webview's
 * messages are untrusted (they can only name a result and a file index, never a path or a command), and the
 * webview checks the extension's too, so a malformed message is dropped instead of half-drawn.
 */
// zod/mini: the same checks with a tree-shakable API, so the webview's bundle carries 20 KB of zod, not 450.
import * as z from 'zod/mini';

/** What can be done to one file of a result. */
export const FILE_ACTIONS = [
  'open',
  'reveal',
  'copyPath',
  'copyMarkdownLink',
  'insert',
  'refine',
  'drawEdit',
  'converse',
  'deleteFile',
  /** Of a result with several images: keep this one, move the others to the trash (Count > 1 as a choice). */
  'keepOnly',
  'saveRecovered',
  'discardRecovered',
] as const;
/** What can be done to a whole result (its recipe). */
export const RESULT_ACTIONS = ['regenerate', 'moreLikeThis'] as const;

export type FileAction = (typeof FILE_ACTIONS)[number];
export type ResultAction = (typeof RESULT_ACTIONS)[number];

/** The largest thumbnail the webview may hand back (a 256-pixel WebP is 5 to 40 KB). */
export const MAX_THUMBNAIL_BYTES = 256 * 1024;
/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 256;

const id = z.string().check(z.maxLength(100));
/** Bytes as they cross postMessage (a typed array, not base64); any backing buffer. */
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes');
const fileRef = { resultId: id, fileIndex: z.int().check(z.minimum(0), z.maximum(9)) };

export const fromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('showLog') }),
  z.strictObject({ type: z.literal('clear') }),
  z.strictObject({ type: z.literal('startConversation') }),
  z.strictObject({ type: z.enum(FILE_ACTIONS), ...fileRef }),
  z.strictObject({ type: z.enum(RESULT_ACTIONS), resultId: id }),
  z.strictObject({ type: z.literal('runPlan'), planId: id }),
  z.strictObject({ type: z.literal('dismissPlan'), planId: id }),
  /** Candidate n (1-based) of a choice; `keepDraft`: write the draft as it is rather than remake it. */
  z.strictObject({ type: z.literal('choose'), choiceId: id, candidate: z.int().check(z.minimum(1), z.maximum(8)), keepDraft: z.boolean() }),
  z.strictObject({ type: z.literal('dismissChoice'), choiceId: id }),
  /** A thumbnail the webview drew from a file it showed; the extension checks it is a WebP before keeping it. */
  z.strictObject({
    type: z.literal('thumbnail'),
    ...fileRef,
    bytes: bytes.check(z.refine((value) => value.byteLength > 0 && value.byteLength <= MAX_THUMBNAIL_BYTES, 'thumbnail size')),
  }),
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;

const text = (max: number) => z.string().check(z.maxLength(max));
const url = text(8192);

/** One file of a result as the webview draws it. */
export const fileViewSchema = z.strictObject({
  /** Workspace-relative path, shown as the link text. */
  label: text(4096),
  /** `asWebviewUri` of the file, for `<img src>`. */
  src: url,
  /** `asWebviewUri` of its cached thumbnail; absent until one was made. */
  thumb: z.optional(url),
  /** The file's own URI, for dragging it into an editor. */
  uri: url,
  /** Deleted or moved since it was written: drawn as missing, not as a broken image. */
  missing: z.boolean(),
  /** A paid image kept in recovery because its folder could not take it: offered to Save As or Discard. */
  recovered: z.optional(z.boolean()),
  /** What its Content Credentials say ("signed by ..., intact"), once validated. */
  credentials: z.optional(z.strictObject({ state: z.enum(['intact', 'untrusted', 'altered', 'none']), text: text(500) })),
});

export type FileView = z.infer<typeof fileViewSchema>;

/** One history entry as a card: only what the webview shows or filters on, with the texts already made. */
export const cardViewSchema = z.strictObject({
  id,
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  kind: z.enum(['generate', 'edit']),
  prompt: text(40_000),
  model: text(100),
  size: text(20),
  quality: text(20),
  format: text(20),
  startedAt: z.number(),
  durationMs: z.optional(z.number()),
  partialImages: z.optional(z.int().check(z.minimum(0), z.maximum(3))),
  error: z.optional(text(10_000)),
  requestId: z.optional(text(200)),
  /** The cost as shown: actual when known, else the estimate while it runs. */
  costText: z.optional(text(100)),
  /** Where the request came from: the document of the selection, or the input images of an edit. */
  fromText: z.optional(text(2000)),
  /** The refinements this one grew from, oldest first. */
  thread: z.array(z.strictObject({ id, prompt: text(40_000) })).check(z.maxLength(1000)),
  files: z.array(fileViewSchema).check(z.maxLength(10)),
});

export type CardView = z.infer<typeof cardViewSchema>;

/** An asset plan ("Generate Assets"): what will be made and why, then its progress and summary. */
export const planViewSchema = z.strictObject({
  id,
  title: text(1000),
  items: z.array(z.strictObject({ out: text(4096), reason: text(2000), cost: text(100) })).check(z.maxLength(10_000)),
  total: text(200),
  state: z.enum(['waiting', 'running', 'done']),
  /** "4/12" while running; the summary when done. */
  status: z.optional(text(2000)),
  failures: z.optional(z.array(z.strictObject({ out: text(4096), reason: text(10_000) })).check(z.maxLength(10_000))),
});

export type PlanView = z.infer<typeof planViewSchema>;

/** An asset's candidates side by side, each with its cost, waiting for the user to choose one. */
export const choiceViewSchema = z.strictObject({
  id,
  title: text(5000),
  /** What choosing does: "remade at gpt-image-2.6-sunburst (about $0.21)" or "written as drafted". */
  detail: text(2000),
  /** Choosing remakes the draft at the asset's own model: a second button keeps the draft as it is. */
  remakes: z.boolean(),
  candidates: z.array(z.strictObject({ src: url, label: text(200), cost: text(100) })).check(z.maxLength(8)),
  state: z.enum(['waiting', 'choosing', 'done']),
  /** The outcome once chosen (or why it failed). */
  status: z.optional(text(10_000)),
  failed: z.optional(z.boolean()),
});

export type ChoiceView = z.infer<typeof choiceViewSchema>;

export const toWebviewSchema = z.discriminatedUnion('type', [
  /**
   * Cards that are new or changed; `order` (newest first, every id the panel shows) comes when the list itself
   * changed, and a card missing from it is removed. `reset` replaces everything (the first message after load).
   */
  z.strictObject({
    type: z.literal('cards'),
    reset: z.boolean(),
    cards: z.array(cardViewSchema).check(z.maxLength(20_000)),
    order: z.optional(z.array(id).check(z.maxLength(20_000))),
  }),
  /**
   * A streamed partial image of a running request, or (`final`) the finished image from the bytes in memory, shown
   * before its file is written. Bytes travel as a typed array, not base64.
   */
  z.strictObject({
    type: z.literal('partial'),
    resultId: id,
    index: z.int().check(z.minimum(0), z.maximum(10)),
    final: z.boolean(),
    mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml']),
    bytes,
  }),
  z.strictObject({ type: z.literal('plan'), plan: z.optional(planViewSchema) }),
  z.strictObject({ type: z.literal('choices'), choices: z.array(choiceViewSchema).check(z.maxLength(100)) }),
]);

export type ToWebview = z.infer<typeof toWebviewSchema>;

/** Largest message from the webview we are willing to parse: a thumbnail, or a few hundred bytes otherwise. */
export const MAX_MESSAGE_BYTES = MAX_THUMBNAIL_BYTES + 10_000;

export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (approximateSize(message) > MAX_MESSAGE_BYTES) return undefined;
  const parsed = fromWebviewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}

export function parseToWebview(message: unknown): ToWebview | undefined {
  const parsed = toWebviewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}

/** Bytes of typed arrays, characters of everything else: enough to refuse a huge message before parsing it. */
function approximateSize(value: unknown, depth = 0): number {
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object' || value === null) return 8;
  if (depth > 4) return Infinity;
  let total = 0;
  for (const [key, inner] of Object.entries(value)) {
    total += key.length + approximateSize(inner, depth + 1);
    if (total > MAX_MESSAGE_BYTES) return total;
  }
  return total;
}
