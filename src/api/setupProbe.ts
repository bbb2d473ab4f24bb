/** The calls "Check Setup" makes: a free model lookup, and on request one cheap test image. */
import type { Failure } from '../core/failure';
import type { ModelId } from '../core/models';
import { COMPATIBLE_MODEL_ID_PATTERN } from '../core/compatibleModels';
import { classifyError } from './classifyError';
import { createClient, hostOf, providerContext, wireModel, type Connection } from './imagesClient';

export interface ModelProbe {
  readonly ok: boolean;
  /** The organization and project the API says the key used, from its response headers. */
  readonly organization?: string;
  readonly project?: string;
  /** `shutdown_date` of the model as the API reports it (null or absent: none announced). */
  readonly shutdownDate?: string;
  readonly failure?: Failure;
}

const PROBE_TIMEOUT_SECONDS = 60;

/** A probe should answer within a minute even where image requests may take five. */
function client(connection: Connection) {
  return createClient({ ...connection, timeoutSeconds: Math.min(connection.timeoutSeconds, PROBE_TIMEOUT_SECONDS) });
}

function failureOf(error: unknown, connection: Connection, model: ModelId): Failure {
  return classifyError(error, {
    model,
    host: hostOf(connection),
    ...providerContext(connection),
    timeoutSeconds: Math.min(connection.timeoutSeconds, PROBE_TIMEOUT_SECONDS),
    secrets: [connection.apiKey],
  });
}

/**
 * GET /models/{model}: checks the network, the key and access to the model, at no cost. On Azure, whose model list
 * knows nothing of the user's deployments, the list itself proves the endpoint and the key; the test image then
 * proves the deployment.
 */
export async function probeModel(connection: Connection, model: ModelId, signal: AbortSignal): Promise<ModelProbe> {
  try {
    if (connection.azure) {
      wireModel(connection, model);
      await client(connection).models.list({ signal });
      return { ok: true };
    }
    const { data, response } = await client(connection).models.retrieve(model, { signal }).withResponse();
    const shutdown = typeof data.shutdown_date === 'string' && /^\d{4}-\d{2}-\d{2}/.test(data.shutdown_date) ? data.shutdown_date.slice(0, 10) : undefined;
    return {
      ok: true,
      ...(shutdown ? { shutdownDate: shutdown } : {}),
      organization: response.headers.get('openai-organization') ?? undefined,
      project: response.headers.get('openai-project') ?? undefined,
    };
  } catch (error) {
    return { ok: false, failure: failureOf(error, connection, model) };
  }
}

/**
 * One low-quality JPEG, discarded: the only way to learn whether the organization is verified for the model
 * and has quota for images, since the model lookup succeeds either way.
 */
export async function probeImage(connection: Connection, model: ModelId, signal: AbortSignal): Promise<{ ok: boolean; failure?: Failure }> {
  try {
    await client(connection).images.generate(
      { model: wireModel(connection, model), prompt: 'A plain grey square.', n: 1, size: '1024x1024', quality: 'low', output_format: 'jpeg', stream: false },
      { signal },
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, failure: failureOf(error, connection, model) };
  }
}

/** What a compatible server's `GET /models` listed; `listed` is undefined where the server has no such list (404). */
export interface CompatibleModelsProbe {
  readonly ok: boolean;
  readonly listed?: readonly string[];
  readonly failure?: Failure;
}

/** The most ids read from a server's list: enough to find the model and name a few, whatever the server sends. */
const MAX_LISTED_MODELS = 500;

/** `GET /models` on a compatible server: free, and the server's own word on which models it has. */
export async function probeCompatibleModels(connection: Connection, model: string, signal: AbortSignal): Promise<CompatibleModelsProbe> {
  try {
    const page = await client(connection).models.list({ signal });
    // The ids are the server's words: only id-shaped strings are kept, and they are shown as plain text.
    const ids = page.data
      .slice(0, MAX_LISTED_MODELS)
      .map((entry) => entry.id)
      .filter((id): id is string => typeof id === 'string' && COMPATIBLE_MODEL_ID_PATTERN.test(id));
    return { ok: true, listed: ids };
  } catch (error) {
    const failure = failureOf(error, connection, model);
    return failure.status === 404 ? { ok: true } : { ok: false, failure };
  }
}

/** One image with the basic parameters only (what every Images API server takes), discarded. */
export async function probeCompatibleImage(connection: Connection, model: string, signal: AbortSignal): Promise<{ ok: boolean; failure?: Failure }> {
  try {
    await client(connection).images.generate({ model, prompt: 'A plain grey square.', n: 1, response_format: 'b64_json' }, { signal });
    return { ok: true };
  } catch (error) {
    return { ok: false, failure: failureOf(error, connection, model) };
  }
}
