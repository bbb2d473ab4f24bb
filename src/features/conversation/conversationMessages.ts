/**
 * Messages between a conversation's webview and the extension, one schema each way, parsed on both sides. The
 * webview can only send words for the next turn, ask for a proposal of them, ask to cancel the running one, or
 * name a turn whose image to open or edit: never a path, a model or a command.
 */
import * as z from 'zod/mini';

const PROMPT_CHARS = 32_000;
const id = z.string().check(z.maxLength(100));
const text = (max: number) => z.string().check(z.maxLength(max));
const url = text(8192);

export const conversationFromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('send'), prompt: z.string().check(z.minLength(1), z.maxLength(PROMPT_CHARS)) }),
  /** The words being typed changed: the extension answers with the next turn's estimate. */
  z.strictObject({ type: z.literal('draft'), prompt: z.string().check(z.maxLength(PROMPT_CHARS)) }),
  z.strictObject({ type: z.literal('cancel') }),
  /** Write the Prompt: a language model proposes the next turn from the draft and the conversation so far. */
  z.strictObject({ type: z.literal('writePrompt'), prompt: z.string().check(z.maxLength(PROMPT_CHARS)) }),
  z.strictObject({ type: z.enum(['open', 'reveal', 'drawEdit']), turnId: id }),
]);

export type ConversationFromWebview = z.infer<typeof conversationFromWebviewSchema>;

export const turnViewSchema = z.strictObject({
  id,
  prompt: text(PROMPT_CHARS),
  status: z.enum(['running', 'done', 'text', 'failed', 'cancelled']),
  /** `asWebviewUri` of the image written. */
  image: z.optional(url),
  /** Its workspace-relative path. */
  fileLabel: z.optional(text(4096)),
  /** The file was deleted or moved since. */
  missing: z.optional(z.boolean()),
  /** The model's words. */
  text: z.optional(text(20_000)),
  revisedPrompt: z.optional(text(40_000)),
  error: z.optional(text(10_000)),
  /** "$0.051 (image $0.040, gpt-6.1-sol $0.011)", or the estimate while it runs. */
  costText: z.optional(text(300)),
});

export type TurnView = z.infer<typeof turnViewSchema>;

export const conversationViewSchema = z.strictObject({
  id,
  title: text(200),
  /** "gpt-6.1-sol with gpt-image-2.6-sunburst" */
  modelsText: text(300),
  totalText: text(200),
  /** The image it started from. */
  source: z.optional(z.strictObject({ image: url, label: text(4096) })),
  turns: z.array(turnViewSchema).check(z.maxLength(500)),
  running: z.boolean(),
});

export type ConversationView = z.infer<typeof conversationViewSchema>;

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes');

export const conversationToWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('conversation'), view: conversationViewSchema }),
  z.strictObject({
    type: z.literal('partial'),
    turnId: id,
    mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml']),
    bytes,
  }),
  z.strictObject({ type: z.literal('estimate'), text: text(300) }),
  /** The proposal of Write the Prompt, put into the box to edit (absent: none came; the button is enabled again). */
  z.strictObject({ type: z.literal('proposal'), prompt: z.optional(text(PROMPT_CHARS)), by: z.optional(text(200)) }),
]);

export type ConversationToWebview = z.infer<typeof conversationToWebviewSchema>;

/** The most a webview message may weigh before it is parsed: words of a prompt and a little more. */
const MAX_MESSAGE_CHARS = PROMPT_CHARS * 4 + 1000;

export function parseConversationFromWebview(message: unknown): ConversationFromWebview | undefined {
  if (JSON.stringify(message ?? null).length > MAX_MESSAGE_CHARS) return undefined;
  const parsed = conversationFromWebviewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}

export function parseConversationToWebview(message: unknown): ConversationToWebview | undefined {
  const parsed = conversationToWebviewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
