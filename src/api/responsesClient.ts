/** Sends a conversation turn to the Responses API through the official SDK, streamed. */
import { NotFoundError } from 'openai';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import type { TurnBody } from '../core/conversation/turnRequest';
import { AZURE_IMAGE_TOOL_DEPLOYMENT_HEADER, azureHasResponses } from '../core/providers';
import { AzureSetupError, createClient, wireModel, type Connection } from './imagesClient';
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
  const params: ResponseCreateParamsStreaming = { ...body, model: responsesModel(connection, body.model) };
  // Azure runs the image tool on a deployment of its own, named in a header.
  const headers: Record<string, string> = connection.azure ? { [AZURE_IMAGE_TOOL_DEPLOYMENT_HEADER]: wireModel(connection, body.tools[0].model) } : {};
  const { data, request_id } = await createClient(connection, Number.POSITIVE_INFINITY, headers).responses.create(params, { signal }).withResponse();
  return { answer: await collectTurn(data, onPartial), requestId: request_id ?? undefined };
}

/** The mainline model's name on the wire; on Azure only API versions that have the Responses API get this far. */
export function responsesModel(connection: Connection, model: string): string {
  if (connection.azure && !azureHasResponses(connection.azure.apiVersion)) throw new AzureSetupError('responses', model, connection.azure.apiVersion);
  return wireModel(connection, model);
}

/** What deleting a conversation's stored responses did: a response OpenAI no longer has counts as gone. */
export interface DeletedResponses {
  readonly deleted: number;
  readonly alreadyGone: number;
}

/** Deletes stored responses one by one (`DELETE /responses/{id}`); the first other failure stops it and throws. */
export async function deleteResponses(connection: Connection, ids: readonly string[], signal: AbortSignal): Promise<DeletedResponses> {
  const client = createClient(connection);
  let deleted = 0;
  let alreadyGone = 0;
  for (const id of ids) {
    try {
      await client.responses.delete(id, { signal });
      deleted += 1;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      alreadyGone += 1;
    }
  }
  return { deleted, alreadyGone };
}
