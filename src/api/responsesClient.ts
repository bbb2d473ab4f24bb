/** Sends a conversation turn to the Responses API through the official SDK, streamed. */
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import type { TurnBody } from '../core/conversation/turnRequest';
import { createClient, type Connection } from './imagesClient';
import { collectTurn, type TurnAnswer } from './responsesStream';

export interface SentTurn {
  readonly answer: TurnAnswer;
  readonly requestId?: string;
}

export async function sendTurn(
  connection: Connection,
  body: TurnBody,
  signal: AbortSignal,
  onPartial: (image: Uint8Array, index: number) => void,
): Promise<SentTurn> {
  // The SDK's own type checks the body this extension builds.
  const params: ResponseCreateParamsStreaming = body;
  const { data, request_id } = await createClient(connection).responses.create(params, { signal }).withResponse();
  return { answer: await collectTurn(data, onPartial), requestId: request_id ?? undefined };
}
