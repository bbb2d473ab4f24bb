/**
 * Messages between the edit canvas's webview and the extension, one schema each way, parsed on both sides. The
 * webview can only send a prompt, choices from the lists it was given, and the drawing as PNG bytes; the
 * extension checks those bytes (format, dimensions, size) before anything is written or sent.
 */
import * as z from 'zod/mini';

export const DRAWING_MODES = ['mask', 'markup'] as const;
/** The most a drawing or a converted image may weigh: the API's 50 MB per image. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const PROMPT_CHARS = 32_000;

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength > 0 && value.byteLength <= MAX_UPLOAD_BYTES, 'bytes');
const name = z.string().check(z.maxLength(100));
const choice = { model: name, quality: name, size: name, mode: z.enum(DRAWING_MODES) };

export const canvasFromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** The choices changed: the extension answers with the estimate. */
  z.strictObject({ type: z.literal('choose'), ...choice }),
  /** Edit: the drawing (mask or markup PNG of the image's size) and, for a JPEG or WebP under a mask, the image as a PNG. */
  z.strictObject({
    type: z.literal('edit'),
    ...choice,
    prompt: z.string().check(z.maxLength(PROMPT_CHARS)),
    drawing: bytes,
    image: z.optional(bytes),
  }),
  z.strictObject({ type: z.literal('openResult') }),
  z.strictObject({ type: z.literal('editResult') }),
  /** The webview could not read the image or the saved drawing. */
  z.strictObject({ type: z.literal('loadFailed'), what: z.enum(['image', 'drawing']) }),
]);

const modelSchema = z.strictObject({
  id: name,
  markup: z.boolean(),
  qualities: z.array(name),
  sizes: z.array(name),
});

export const canvasToWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    image: z.strictObject({ src: z.string(), name: z.string(), width: z.int(), height: z.int(), png: z.boolean() }),
    /** A drawing kept beside the image, to continue. */
    drawing: z.optional(z.strictObject({ mode: z.enum(DRAWING_MODES), src: z.string() })),
    models: z.array(modelSchema),
    choice: z.strictObject(choice),
  }),
  z.strictObject({ type: z.literal('estimate'), text: z.string() }),
  /** What the image's Content Credentials say, once c2pa-rs validated them. */
  z.strictObject({ type: z.literal('credentials'), state: z.enum(['intact', 'untrusted', 'altered', 'none']), text: z.string().check(z.maxLength(500)) }),
  /** Undo Drawing / Redo Drawing from the editor's title bar or the palette. */
  z.strictObject({ type: z.enum(['undo', 'redo']) }),
  z.strictObject({
    type: z.literal('status'),
    state: z.enum(['idle', 'running', 'done', 'failed']),
    text: z.string(),
  }),
]);

export type CanvasFromWebview = z.infer<typeof canvasFromWebviewSchema>;
export type CanvasToWebview = z.infer<typeof canvasToWebviewSchema>;
export type CanvasChoice = Pick<Extract<CanvasFromWebview, { type: 'choose' }>, 'model' | 'quality' | 'size' | 'mode'>;
export type CanvasModelView = z.infer<typeof modelSchema>;

export function parseCanvasFromWebview(raw: unknown): CanvasFromWebview | undefined {
  const parsed = canvasFromWebviewSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function parseCanvasToWebview(raw: unknown): CanvasToWebview | undefined {
  const parsed = canvasToWebviewSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
