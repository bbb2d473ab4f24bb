/**
 * `/v1/responses` without tools, for the fake server: a mainline model answering in words, as the prompt and alt
 * text writer asks it to. As strict as the image route: the model must be a mainline model, `max_output_tokens` at
 * least 16 (the API's minimum), images go as base64 data URLs. What it answers comes from the test (`answers`, in
 * order, the last repeated), else a fixed sentence; usage counts the words it was sent, as billing does.
 */
import type * as http from 'node:http';
import { ApiError } from './apiError';

export interface TextAnswerInput {
  readonly model: string;
  readonly fields: Record<string, unknown>;
  readonly latest: string;
  readonly images: number;
  readonly responseId: string;
  readonly answers: readonly string[];
  readonly served: number;
}

/** Answers a tool-less request (already checked by the image route's shared input and model checks). */
export function answerText(input: TextAnswerInput, res: http.ServerResponse, headers: Record<string, string>): void {
  const { fields } = input;
  if (fields.stream === true) throw new ApiError(400, 'This fake streams only image_generation responses.', 'stream', 'invalid_value');
  const limit = fields.max_output_tokens;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 16))
    throw new ApiError(
      400,
      "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16.",
      'max_output_tokens',
      'integer_below_min_value',
    );
  const scripted = input.answers.length > 0 ? input.answers[Math.min(input.served, input.answers.length - 1)] : undefined;
  const text =
    scripted ??
    (input.images > 0 ? 'A flat square of a single colour on a plain background' : `A clear, friendly illustration of ${input.latest.slice(0, 80)}`);
  const instructions = typeof fields.instructions === 'string' ? fields.instructions : '';
  const inputTokens = 20 + Math.ceil((instructions.length + input.latest.length) / 4) + 85 * input.images;
  const outputTokens = Math.ceil(text.length / 4) + 32;
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(
    JSON.stringify({
      id: input.responseId,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: instructions || null,
      metadata: {},
      model: input.model,
      output: [
        { type: 'reasoning', id: `rs_${input.responseId}`, summary: [] },
        {
          type: 'message',
          id: `msg_${input.responseId}`,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      store: fields.store !== false,
      temperature: 1,
      tool_choice: 'auto',
      tools: [],
      top_p: 1,
      truncation: 'disabled',
      usage: {
        input_tokens: inputTokens,
        input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        output_tokens: outputTokens,
        output_tokens_details: { reasoning_tokens: 32 },
        total_tokens: inputTokens + outputTokens,
      },
    }),
  );
}
