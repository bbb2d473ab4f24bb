/**
 * The one place that talks to the Images API, through the official SDK. Everything it needs is passed
 * in explicitly, because the SDK would otherwise read OPENAI_BASE_URL and friends from the environment.
 */
import OpenAI, { toFile } from 'openai';
import { azureRouteOf, deploymentFor, type AzureRoute, type ProviderId } from '../core/providers';
import type { AzureSetupGap } from '../core/failure';
import type { EditBody, GenerateBody, UploadImage } from '../core/requestPlan';
import type { Settings } from '../core/settings';
import { createAzureClient } from './azureClient';
import {
  completedEventSchema,
  imagesResponseSchema,
  MAX_IMAGE_BASE64,
  partialImageEventSchema,
  readAccounting,
  type SvgUsage,
  type Usage,
} from './imagesResponse';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface Connection {
  /** The API key, or with Entra ID the bearer token (never stored). */
  readonly apiKey: string;
  /** Empty for OpenAI itself. */
  readonly baseUrl: string;
  /** Set when the images come from the user's Azure OpenAI resource instead (baseUrl is then not used). */
  readonly azure?: AzureRoute;
  readonly organization: string;
  readonly project: string;
  readonly timeoutSeconds: number;
  /** Retries after transient failures, applied by the pipeline. */
  readonly maxRetries: number;
  /** How requests leave the process (the command line's proxy agent); undefined: the platform's fetch. */
  readonly fetch?: typeof fetch;
}

export interface ImagesResult {
  readonly images: Uint8Array[];
  readonly revisedPrompts: Array<string | undefined>;
  readonly usage?: Usage;
  /** Tokens of the model that authored an SVG answer, billed on top of `usage`. */
  readonly svgUsage?: SvgUsage;
  /** Accounting fields the answer carried but that did not parse (the cost is then unknown). */
  readonly accountingProblems: readonly string[];
  readonly requestId?: string;
}

/** The API answered 200 with something that is not an images response. */
export class UnexpectedResponseError extends Error {
  constructor(
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'UnexpectedResponseError';
  }
}

/** The answer is larger than any answer to the request can be (a broken or hostile server): it is not read on. */
export class AnswerTooLargeError extends UnexpectedResponseError {
  constructor(readonly maxBytes: number) {
    super(`The answer is larger than ${Math.round(maxBytes / (1024 * 1024))} MiB, more than the request can be answered with.`, undefined);
    this.name = 'AnswerTooLargeError';
  }
}

/** The most an answer with `images` images (partial images included) can hold: their base64 and 1 MiB for the rest. */
export function answerLimit(images: number): number {
  return images * MAX_IMAGE_BASE64 + 1024 * 1024;
}

/**
 * The platform's fetch, reading at most `maxBytes` of a body: a declared length above it is refused before
 * reading, and a body that runs past it is cut with an AnswerTooLargeError, so memory stays bounded.
 */
function boundedFetch(maxBytes: number, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(maxBytes);
    }
    if (!response.body) return response;
    let seen = 0;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(new AnswerTooLargeError(maxBytes));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Where and how requests go, from the (already validated) settings and the key (or Entra ID token). */
export function connectionFor(settings: Settings, apiKey: string): Connection {
  const azure = azureRouteOf(settings);
  return {
    apiKey,
    baseUrl: settings.baseUrl,
    ...(azure ? { azure } : {}),
    organization: settings.organization,
    project: settings.project,
    timeoutSeconds: settings.requestTimeoutSeconds,
    maxRetries: settings.maxRetries,
  };
}

export function providerOf(connection: Pick<Connection, 'azure'>): ProviderId {
  return connection.azure ? 'azure' : 'openai';
}

/** What classifying a failure needs to know of the provider a request went to. */
export function providerContext(connection: Pick<Connection, 'azure'>): { provider: ProviderId; azureApiVersion?: string } {
  return connection.azure ? { provider: 'azure', azureApiVersion: connection.azure.apiVersion } : { provider: 'openai' };
}

/** The host the key goes to, for messages and logs. */
export function hostOf(connection: Pick<Connection, 'baseUrl' | 'azure'>): string {
  if (connection.azure) return connection.azure.endpoint ? new URL(connection.azure.endpoint).host : '(openaiImages.azure.endpoint)';
  return new URL(connection.baseUrl || DEFAULT_BASE_URL).host;
}

/** The Azure settings lack what a request needs: nothing was sent. */
export class AzureSetupError extends Error {
  constructor(
    readonly missing: AzureSetupGap,
    readonly model: string,
    readonly apiVersion?: string,
  ) {
    super(`The Azure OpenAI settings lack the ${missing} for ${model}.`);
    this.name = 'AzureSetupError';
  }
}

/**
 * The `model` a request carries on the wire: the model id for OpenAI, the deployment that serves it on Azure (the
 * SDK's Azure client puts it in the path). Everything else (prices, what the model takes) still uses the model id.
 */
export function wireModel(connection: Pick<Connection, 'azure'>, model: string): string {
  if (!connection.azure) return model;
  if (!connection.azure.endpoint) throw new AzureSetupError('endpoint', model);
  const deployment = deploymentFor(connection.azure, model);
  if (deployment === undefined) throw new AzureSetupError('deployment', model);
  return deployment;
}

/**
 * Environment variables the SDK reads in its constructor that could steer the key: OPENAI_CUSTOM_HEADERS can set
 * any header, `Authorization` included (its headers are sent after the key's); the Azure client would take a key
 * from AZURE_OPENAI_API_KEY beside an Entra ID token (and refuse both), an endpoint and an API version. Everything
 * else it reads from the environment is overridden by an explicit option.
 */
const STEERING_ENVIRONMENT = ['OPENAI_CUSTOM_HEADERS', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'OPENAI_API_VERSION'] as const;

/** Builds the client with those variables out of sight, and puts them back at once (the constructor is synchronous). */
function withoutSteeringEnvironment<T>(make: () => T): T {
  const saved = STEERING_ENVIRONMENT.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return make();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** `maxAnswerBytes`: the most of an answer that is read (unbounded for downloads whose size the caller cannot know). */
export function createClient(connection: Connection, maxAnswerBytes = Number.POSITIVE_INFINITY, headers: Record<string, string> = {}): OpenAI {
  const fetchOption = Number.isFinite(maxAnswerBytes)
    ? { fetch: boundedFetch(maxAnswerBytes, connection.fetch) }
    : connection.fetch
      ? { fetch: connection.fetch }
      : {};
  if (connection.azure) return withoutSteeringEnvironment(() => createAzureClient(connection, connection.azure!, { ...fetchOption, defaultHeaders: headers }));
  return withoutSteeringEnvironment(
    () =>
      new OpenAI({
        apiKey: connection.apiKey,
        baseURL: connection.baseUrl || DEFAULT_BASE_URL,
        organization: connection.organization || null,
        project: connection.project || null,
        timeout: connection.timeoutSeconds * 1000,
        // Retries are ours (pipeline/runImageJob): the SDK would also retry a missing quota, which cannot pass.
        maxRetries: 0,
        logLevel: 'off',
        defaultHeaders: headers,
        ...fetchOption,
      }),
  );
}

async function toUpload(image: UploadImage) {
  // In-memory files (not streams) so the SDK sends the right MIME type and can retry the upload.
  return toFile(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength), image.fileName, { type: image.mimeType });
}

function decode(raw: unknown, requestId: string | undefined): ImagesResult {
  const parsed = imagesResponseSchema.safeParse(raw);
  if (!parsed.success) throw new UnexpectedResponseError('The response has no image data.', requestId);
  const accounting = readAccounting(parsed.data);
  return {
    images: parsed.data.data.map((item) => Buffer.from(item.b64_json, 'base64')),
    revisedPrompts: parsed.data.data.map((item) => item.revised_prompt ?? undefined),
    usage: accounting.usage,
    svgUsage: accounting.svgUsage,
    accountingProblems: accounting.problems,
    requestId,
  };
}

/** Asks for a streamed answer: partial images go to `onPartial` as they arrive, the final image is the result. */
export interface StreamOptions {
  readonly partialImages: number;
  readonly onPartial: (image: Uint8Array, index: number) => void;
}

/** Reads a stream of image events to its end; only a completed event gives a file. */
async function collectStream(events: AsyncIterable<unknown>, stream: StreamOptions, requestId: string | undefined): Promise<ImagesResult> {
  const images: Uint8Array[] = [];
  let usage: Usage | undefined;
  const accountingProblems: string[] = [];
  for await (const event of events) {
    const partial = partialImageEventSchema.safeParse(event);
    if (partial.success) {
      stream.onPartial(Buffer.from(partial.data.b64_json, 'base64'), partial.data.partial_image_index);
      continue;
    }
    const completed = completedEventSchema.safeParse(event);
    if (completed.success) {
      images.push(Buffer.from(completed.data.b64_json, 'base64'));
      const accounting = readAccounting(completed.data);
      usage = accounting.usage ?? usage;
      accountingProblems.push(...accounting.problems);
    }
  }
  if (images.length === 0) throw new UnexpectedResponseError('The stream ended before the image was complete.', requestId);
  return { images, revisedPrompts: images.map(() => undefined), usage: accountingProblems.length ? undefined : usage, accountingProblems, requestId };
}

/**
 * What goes on the wire to a compatible server: only the fields the plan allows, and the image in the answer
 * (`b64_json`), never a link to fetch from wherever the server says. Never streamed (see planCompatible).
 */
function compatibleBody<T extends object>(body: T, fields: readonly string[]): Partial<T> & { response_format: 'b64_json' } {
  const picked = Object.fromEntries(Object.entries(body).filter(([key]) => fields.includes(key))) as Partial<T>;
  return { ...picked, response_format: 'b64_json' };
}

/** `fields`: set for a compatible server (PlannedRequest.compatible), the only body fields it is sent. */
export async function generateImages(
  connection: Connection,
  body: GenerateBody,
  signal: AbortSignal,
  stream?: StreamOptions,
  fields?: readonly string[],
): Promise<ImagesResult> {
  const model = wireModel(connection, body.model);
  const client = createClient(connection, answerLimit(body.n * (1 + (stream?.partialImages ?? 0))));
  if (fields) {
    const wire = compatibleBody({ ...body, model }, fields) as unknown as OpenAI.Images.ImageGenerateParamsNonStreaming;
    const { data, request_id } = await client.images.generate(wire, { signal }).withResponse();
    return decode(data, request_id ?? undefined);
  }
  if (stream) {
    const { data, request_id } = await client.images
      .generate({ ...body, model, stream: true, partial_images: stream.partialImages }, { signal })
      .withResponse();
    return collectStream(data, stream, request_id ?? undefined);
  }
  const { data, request_id } = await client.images.generate({ ...body, model, stream: false }, { signal }).withResponse();
  return decode(data, request_id ?? undefined);
}

export async function editImages(
  connection: Connection,
  body: EditBody,
  signal: AbortSignal,
  stream?: StreamOptions,
  fields?: readonly string[],
): Promise<ImagesResult> {
  const images = await Promise.all(body.image.map(toUpload));
  const mask = body.mask ? await toUpload(body.mask) : undefined;
  const markup = body.markup ? await toUpload(body.markup) : undefined;
  const params = { ...body, model: wireModel(connection, body.model), image: images.length === 1 ? images[0]! : images, mask, markup };
  const client = createClient(connection, answerLimit(body.n * (1 + (stream?.partialImages ?? 0))));
  if (fields) {
    const wire = compatibleBody(params, fields) as unknown as OpenAI.Images.ImageEditParamsNonStreaming;
    const { data, request_id } = await client.images.edit(wire, { signal }).withResponse();
    return decode(data, request_id ?? undefined);
  }
  if (stream) {
    const { data, request_id } = await client.images.edit({ ...params, stream: true, partial_images: stream.partialImages }, { signal }).withResponse();
    return collectStream(data, stream, request_id ?? undefined);
  }
  const { data, request_id } = await client.images.edit({ ...params, stream: false }, { signal }).withResponse();
  return decode(data, request_id ?? undefined);
}
