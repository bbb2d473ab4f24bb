/**
 * The Responses API's streamed answer to a conversation turn, checked at the boundary and folded into what the
 * turn produced: its response id, the images the `image_generation` tool made, the tool calls that failed, the
 * model's text, and both kinds of usage. Events this extension does not use are skipped; a malformed event of a
 * kind it uses is refused, not half-read.
 */
import { z } from 'zod';
import { base64Image } from './imagesResponse';

const id = z.string().min(1).max(200);

const imageCallError = z
  .object({
    code: z.string().nullish(),
    message: z.string().max(10_000),
    type: z.string().nullish(),
    moderation_details: z
      .object({ moderation_stage: z.string().optional(), categories: z.array(z.string().max(200)).max(50).optional() })
      .loose()
      .optional(),
  })
  .loose();

export const imageCallSchema = z
  .object({
    type: z.literal('image_generation_call'),
    id,
    status: z.enum(['in_progress', 'completed', 'generating', 'failed']),
    result: base64Image.nullable(),
    revised_prompt: z.string().max(40_000).nullish(),
    size: z.string().max(20).nullish(),
    quality: z.string().max(20).nullish(),
    output_format: z.string().max(10).nullish(),
    error: imageCallError.optional(),
  })
  .loose();

const messageSchema = z
  .object({
    type: z.literal('message'),
    role: z.literal('assistant'),
    content: z.array(
      z.union([z.object({ type: z.literal('output_text'), text: z.string() }).loose(), z.object({ type: z.literal('refusal'), refusal: z.string() }).loose()]),
    ),
  })
  .loose();

/** The mainline model's usage (`Response.usage`). */
export const responseUsageSchema = z
  .object({
    input_tokens: z.number().min(0),
    output_tokens: z.number().min(0),
    total_tokens: z.number().min(0),
    input_tokens_details: z
      .object({ cached_tokens: z.number().min(0).optional() })
      .loose()
      .optional(),
  })
  .loose();

/** The image tool's usage, summed over its calls (`Response.tool_usage.image_gen`). */
export const imageGenUsageSchema = z
  .object({
    input_tokens: z.number().min(0),
    output_tokens: z.number().min(0),
    total_tokens: z.number().min(0),
    input_tokens_details: z
      .object({ image_tokens: z.number().min(0).optional(), text_tokens: z.number().min(0).optional() })
      .loose()
      .optional(),
    output_tokens_details: z
      .object({ image_tokens: z.number().min(0).optional(), text_tokens: z.number().min(0).optional() })
      .loose()
      .nullish(),
  })
  .loose();

export type ResponseUsage = z.infer<typeof responseUsageSchema>;
export type ImageGenUsage = z.infer<typeof imageGenUsageSchema>;

const responseSchema = z
  .object({
    id,
    status: z.string().max(40).optional(),
    output: z.array(z.unknown()).max(1000).default([]),
    usage: responseUsageSchema.nullish(),
    tool_usage: z.object({ image_gen: imageGenUsageSchema.optional() }).loose().nullish(),
    error: z
      .object({ code: z.string().nullish(), message: z.string().max(10_000) })
      .loose()
      .nullish(),
    incomplete_details: z
      .object({ reason: z.string().max(200).nullish() })
      .loose()
      .nullish(),
  })
  .loose();

const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response.created'), response: responseSchema }).loose(),
  z
    .object({
      type: z.literal('response.image_generation_call.partial_image'),
      item_id: id,
      partial_image_b64: base64Image,
      partial_image_index: z.number().int().min(0).max(10),
    })
    .loose(),
  z.object({ type: z.enum(['response.completed', 'response.failed', 'response.incomplete']), response: responseSchema }).loose(),
  z.object({ type: z.literal('error'), code: z.string().nullish(), message: z.string().max(10_000), param: z.string().nullish() }).loose(),
]);

const USED_EVENTS = new Set([
  'response.created',
  'response.image_generation_call.partial_image',
  'response.completed',
  'response.failed',
  'response.incomplete',
  'error',
]);

export interface TurnImage {
  readonly callId: string;
  readonly bytes: Uint8Array;
  readonly revisedPrompt?: string;
  readonly size?: string;
}

export interface FailedImageCall {
  readonly code?: string;
  readonly message: string;
  readonly moderation?: { readonly stage?: string; readonly categories: readonly string[] };
}

/** What a finished turn produced. */
export interface TurnAnswer {
  readonly responseId: string;
  readonly images: readonly TurnImage[];
  readonly failedCalls: readonly FailedImageCall[];
  /** The model's words, if it said anything (a question back, or a note with the image). */
  readonly text: string;
  readonly usage?: ResponseUsage;
  readonly imageUsage?: ImageGenUsage;
}

/** The response failed or the stream broke off; `code` and `message` are the API's own. */
export class TurnStreamError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly responseId: string | undefined,
  ) {
    super(message);
    this.name = 'TurnStreamError';
  }
}

function answerOf(response: z.infer<typeof responseSchema>): TurnAnswer {
  const images: TurnImage[] = [];
  const failedCalls: FailedImageCall[] = [];
  const words: string[] = [];
  for (const item of response.output) {
    const call = imageCallSchema.safeParse(item);
    if (call.success) {
      const { data } = call;
      if (data.status === 'completed' && data.result) {
        images.push({
          callId: data.id,
          bytes: Buffer.from(data.result, 'base64'),
          revisedPrompt: data.revised_prompt ?? undefined,
          size: data.size ?? undefined,
        });
      } else {
        const error = data.error;
        failedCalls.push({
          code: error?.code ?? undefined,
          message: error?.message ?? `The image generation call ended as ${data.status}.`,
          moderation:
            error?.code === 'moderation_blocked' || error?.moderation_details
              ? { stage: error.moderation_details?.moderation_stage, categories: error.moderation_details?.categories ?? [] }
              : undefined,
        });
      }
      continue;
    }
    const message = messageSchema.safeParse(item);
    if (message.success) for (const part of message.data.content) words.push('text' in part ? String(part.text) : String(part.refusal));
  }
  return {
    responseId: response.id,
    images,
    failedCalls,
    text: words.join('\n').trim(),
    usage: response.usage ?? undefined,
    imageUsage: response.tool_usage?.image_gen ?? undefined,
  };
}

/** Reads a turn's events to the end: partial images go to `onPartial` as they come; the result is the final response. */
export async function collectTurn(events: AsyncIterable<unknown>, onPartial: (image: Uint8Array, index: number) => void): Promise<TurnAnswer> {
  let responseId: string | undefined;
  for await (const raw of events) {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : '';
    if (!USED_EVENTS.has(type)) continue;
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) throw new TurnStreamError(`A ${type} event did not have the expected shape.`, undefined, responseId);
    const event = parsed.data;
    switch (event.type) {
      case 'response.created':
        responseId = event.response.id;
        break;
      case 'response.image_generation_call.partial_image':
        onPartial(Buffer.from(event.partial_image_b64, 'base64'), event.partial_image_index);
        break;
      case 'response.completed':
        return answerOf(event.response);
      case 'response.failed':
        throw new TurnStreamError(event.response.error?.message ?? 'The response failed.', event.response.error?.code ?? undefined, event.response.id);
      case 'response.incomplete':
        throw new TurnStreamError(
          `The response stopped early (${event.response.incomplete_details?.reason ?? 'no reason given'}).`,
          event.response.incomplete_details?.reason ?? undefined,
          event.response.id,
        );
      case 'error':
        throw new TurnStreamError(event.message, event.code ?? undefined, responseId);
    }
  }
  throw new TurnStreamError('The stream ended before the response was complete.', undefined, responseId);
}
