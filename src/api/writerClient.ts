/**
 * The `openai` route of the prompt and alt text writer: one Responses API request through the official SDK, not
 * stored (`store: false`), no tools. The answer is parsed as untrusted input: only its output text and usage are read.
 */
import type { ResponseCreateParamsNonStreaming } from 'openai/resources/responses/responses';
import { z } from 'zod';
import type { WriterRequest } from '../core/writer/writerInstructions';
import { createClient, UnexpectedResponseError, type Connection } from './imagesClient';
import { responsesModel } from './responsesClient';

const answerSchema = z.object({
  output: z.array(
    z.looseObject({
      type: z.string(),
      content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
    }),
  ),
  usage: z
    .looseObject({
      input_tokens: z.number().int().nonnegative(),
      output_tokens: z.number().int().nonnegative(),
      input_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative().optional() }).optional(),
    })
    .optional(),
});

export interface WrittenText {
  readonly text: string;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number; readonly cachedTokens?: number };
  readonly requestId?: string;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The request body: the SDK's own type checks it. */
export function writerBody(model: string, request: WriterRequest): ResponseCreateParamsNonStreaming {
  return {
    model,
    instructions: request.instructions,
    input: [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: request.text },
          ...(request.image
            ? [{ type: 'input_image' as const, detail: 'low' as const, image_url: `data:${request.image.mimeType};base64,${base64(request.image.bytes)}` }]
            : []),
        ],
      },
    ],
    max_output_tokens: request.maxOutputTokens,
    store: false,
  };
}

export async function writeWithOpenAI(connection: Connection, model: string, request: WriterRequest, signal: AbortSignal): Promise<WrittenText> {
  const { data, request_id } = await createClient(connection)
    .responses.create(writerBody(responsesModel(connection, model), request), { signal })
    .withResponse();
  const parsed = answerSchema.safeParse(data);
  const requestId = request_id ?? undefined;
  if (!parsed.success) throw new UnexpectedResponseError('The Responses API answered with something that is not a response.', requestId);
  const text = parsed.data.output
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content ?? [])
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text ?? '')
    .join('');
  const usage = parsed.data.usage && {
    inputTokens: parsed.data.usage.input_tokens,
    outputTokens: parsed.data.usage.output_tokens,
    cachedTokens: parsed.data.usage.input_tokens_details?.cached_tokens,
  };
  return { text, usage, requestId };
}
