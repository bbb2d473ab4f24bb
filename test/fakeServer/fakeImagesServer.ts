/**
 * A local stand-in for the OpenAI Images API, bound to 127.0.0.1 on a random port. It validates requests
 * the way the real API does (unknown parameters, sizes, formats, multipart file types), refuses what each model
 * refuses per the model catalogue on the day it is told is "today" (shut-down models answer 404 "has been
 * deprecated"), answers with real image bytes in the format asked for (animated GIFs, SVG with `svg_usage`; PNG
 * and JPEG signed with Content Credentials by a test identity, as OpenAI signs its answers),
 * records every request, and fails on command.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';
import { modelEntry, type ModelEntry, type OutputFormat } from '../../src/core/modelCatalogue';
import { lifecycleOn, type LearnedShutdowns } from '../../src/core/modelLifecycle';
import { checkSize } from '../../src/core/models';
import { ApiError } from './apiError';
import { createTestSigner, type TestSigner } from './contentCredentialsSigner';
import { drawPicture } from './fakePictures';
import { compatibleAnswer, isCompatibleRoute, type FakeCompatible } from './fakeCompatible';
import { azureDeploymentInBody, azureResponsesFields, translateAzure, type AzureSeen, type FakeAzure } from './fakeAzure';
import { createResponsesRoute } from './fakeResponses';

/** One signing identity per test process: making RSA keys for every server would slow every suite. */
let sharedSigner: Promise<TestSigner> | undefined;
function testSigner(): Promise<TestSigner> {
  sharedSigner ??= createTestSigner();
  return sharedSigner;
}

/**
 * The day the fake API lives in. The whole suite runs after the 1 December 2026 shutdown, so the defaults are
 * proven to work once gpt-image-1.5, gpt-image-1-mini and chatgpt-image-latest are gone.
 */
export const FAKE_TODAY = '2026-12-15';

export interface RecordedFile {
  readonly field: string;
  readonly filename: string;
  readonly type: string;
  readonly size: number;
  readonly sha256: string;
}

export interface RecordedRequest {
  readonly method: string;
  /** The OpenAI route served (an Azure path is translated to its OpenAI equivalent; `url` has what was sent). */
  readonly path: string;
  /** The path and query as the client sent them. */
  readonly url: string;
  /** Requests on Azure's paths: the deployment, the API version and how they authenticated. */
  azure?: AzureSeen;
  readonly headers: http.IncomingHttpHeaders;
  /** JSON body for generations; text fields for multipart edits. */
  readonly fields: Record<string, unknown>;
  readonly files: RecordedFile[];
  status?: number;
  /** The client went away before the answer was sent (cancel, timeout). */
  aborted: boolean;
  /** sha256 of each image returned (final images only). */
  readonly returned: string[];
  /** Each image returned (final images only), as sent. */
  readonly returnedBytes: Buffer[];
  /** When the whole answer was handed to the socket (Date.now()); benchmarks time from here. */
  answeredAt?: number;
  /** POST /v1/responses: the id of the response this server gave. */
  responseId?: string;
  /** Streamed answers: each event sent, with the time it went out. */
  readonly events: Array<{ readonly type: string; readonly at: number; readonly sha256: string }>;
}

export interface ScriptedReply {
  readonly status?: number;
  readonly body?: unknown;
  /** Sent as-is instead of JSON (for malformed bodies). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly delayMs?: number;
  /** Never answer; the client must time out or cancel. */
  readonly hang?: boolean;
  /** Destroy the socket without an answer. */
  readonly drop?: boolean;
  /** Streamed answers: the pause before each event (default: the server's eventDelayMs). */
  readonly eventDelayMs?: number;
  /** Streamed answers: send an error event after this many partial images instead of finishing. */
  readonly streamErrorAfter?: number;
  /** Streamed answers: end the stream after the partial images without a completed event. */
  readonly streamTruncated?: boolean;
  /** Streamed answers: this partial image carries the format's first bytes and then a web page, as a broken proxy might. */
  readonly brokenPartial?: number;
  /** An SVG answer whose `svg_usage` lacks `model` (seen in the wild): the image is fine, the accounting is not. */
  readonly svgUsageWithoutModel?: boolean;
  /** For the next model lookup (GET /v1/models/{id}) rather than the next image request. */
  readonly forLookup?: boolean;
}

export interface FakeImagesServer {
  /** Base URL including `/v1`, as the SDK's `baseURL` takes it. */
  readonly baseUrl: string;
  /** Every request but model lookups, in order. */
  readonly requests: RecordedRequest[];
  /** Model lookups (GET /v1/models/{id}): Check Setup's probe and the daily shutdown check. */
  readonly lookups: RecordedRequest[];
  /** Answers for the next requests, in order; afterwards it answers normally again. */
  script(...replies: ScriptedReply[]): void;
  /** Delay before every normal answer. */
  delayMs: number;
  /** Pause before each event of a streamed answer. */
  eventDelayMs: number;
  /** Answer every streamed request as an unverified organization ("must be verified to stream"). */
  refuseStreaming: boolean;
  /** The most image requests that were in progress at once. */
  readonly maxConcurrent: number;
  /** Served as the final image instead of a made one, as it is (benchmarks: realistic sizes; tests: hostile SVG, broken GIF). */
  fixedImages: Partial<Record<OutputFormat, Buffer>>;
  /** PNG and JPEG answers carry Content Credentials signed by the server's test identity, as OpenAI's do (default). */
  signImages: boolean;
  /** The test identity's root certificate (PEM): a validator trusting it calls the answers intact. */
  readonly signerRootPem: string;
  /** The common name of the test identity's signing certificate. */
  readonly signerName: string;
  /** The day the API lives in (`YYYY-MM-DD`): models shut down before it answer 404. */
  today: string;
  /** Models whose lookup (GET /v1/models/{id}) answers 404 although generation works, as at the 2.5 launch. */
  lookupMissing: string[];
  /**
   * Shutdowns OpenAI announced after the catalogue was written (model id to `YYYY-MM-DD`): the lookup gives the
   * date as `shutdown_date`, and from that day requests naming the model answer 404 "has been deprecated".
   */
  announcedShutdowns: Record<string, string>;
  /** Accept the controls sources disagree about (ModelEntry.disputed) instead of refusing them as the SDK's wording says. */
  takeDisputed: boolean;
  /** Prompts containing any of these are refused by moderation (400 moderation_blocked), directly or in a batch. */
  blockedPrompts: string[];
  /** Conversation turns whose words contain any of these are answered in words, without an image. */
  textOnlyPrompts: string[];
  /** What a Responses request without tools (the prompt and alt text writer) is answered, in order; the last repeats. */
  textAnswers: string[];
  /** Conversation turns whose words contain any of these get an image_generation_call that failed. */
  failingToolPrompts: string[];
  /** How many times a batch is retrieved before it completes (validating, in_progress, ..., completed). */
  batchPollsToComplete: number;
  /** Batches created, by id: their input lines and the sha256 of each image returned, by custom_id. */
  readonly batches: ReadonlyMap<
    string,
    { readonly id: string; readonly lines: unknown[]; readonly returned: Record<string, string>; readonly endpoint: string }
  >;
  /** The Azure OpenAI resource this server also plays (its deployments, API versions, key and Entra ID tokens). */
  readonly azure: FakeAzure;
  /** Set: the server plays an OpenAI-compatible server that is not OpenAI for `/v1/models` and `/v1/images/*`. */
  compatible: FakeCompatible | undefined;
  /** Draw each image as a picture of its prompt (fakePictures.ts) instead of a flat colour: the end-to-end run's screenshots. */
  pictures: boolean;
  /** Resolves when a request has arrived (for cancel tests). */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const FAKE_API_KEY = 'sk-test-fake-key-0123456789abcdef';
export const FAKE_ORGANIZATION = 'org-fake-test';
export const FAKE_AZURE_KEY = '0123456789abcdef0123456789abcdef';
/** The API versions the fake Azure resource answers: the default, the first with Responses, and a GA version without it. */
export const FAKE_AZURE_API_VERSIONS = ['2025-04-01-preview', '2025-03-01-preview', '2024-10-21'];
export const FAKE_PROJECT = 'proj_fake_test';
const NEW_PARAMS = ['complexity', 'frame_count', 'frame_duration_ms', 'svg', 'svg[model]', 'svg[reasoning][effort]', 'safety_identifier'];
const GENERATE_PARAMS = new Set([
  'prompt',
  'model',
  'n',
  'size',
  'quality',
  'background',
  'output_format',
  'output_compression',
  'moderation',
  'stream',
  'partial_images',
  'user',
  'response_format',
  'style',
  ...NEW_PARAMS,
]);
const EDIT_PARAMS = new Set([
  'prompt',
  'model',
  'n',
  'size',
  'quality',
  'background',
  'output_format',
  'output_compression',
  'input_fidelity',
  'stream',
  'partial_images',
  'user',
  'response_format',
  ...NEW_PARAMS,
]);
const IMAGE_MIME = new Set(['image/png', 'image/jpeg', 'image/webp']);
const FORMATS = ['png', 'jpeg', 'webp', 'gif', 'svg'];

export function errorBody(message: string, code: string | null = null, type = 'invalid_request_error', extra: Record<string, unknown> = {}) {
  return { error: { message, type, param: null, code, ...extra } };
}

function deprecatedModel(model: string): ApiError {
  return new ApiError(
    404,
    `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
    null,
    'model_not_found',
  );
}

/**
 * Controls the catalogue offers although sources disagree (ModelEntry.disputed): the fake follows the SDK's wording,
 * which names GPT Image 2.5 only, and refuses them as the API would, so the extension's learning from a refusal is
 * what the tests see. `takeDisputed` makes it accept them instead.
 */
function refusesDisputed(entry: ModelEntry, control: 'xhigh' | 'max' | 'markup', takeDisputed: boolean): boolean {
  return !takeDisputed && (entry.disputed ?? []).includes(control);
}

function checkCommon(fields: Record<string, unknown>, allowed: Set<string>, today: string, announced: LearnedShutdowns = new Map(), takeDisputed = false) {
  for (const key of Object.keys(fields)) {
    if (!allowed.has(key)) throw new ApiError(400, `Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
  const prompt = fields.prompt;
  if (typeof prompt !== 'string' || prompt.length === 0)
    throw new ApiError(400, "Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
  if (prompt.length > 32000) throw new ApiError(400, 'Invalid prompt: prompt is too long.', 'prompt', 'string_above_max_length');
  const model = String(fields.model ?? 'dall-e-2');
  if (model === 'dall-e-2' || model === 'dall-e-3') throw deprecatedModel(model);
  const entry = modelEntry(model);
  if (!entry)
    throw new ApiError(400, `Invalid value: '${model}'. This fake serves the GPT image models of the model catalogue only.`, 'model', 'invalid_value');
  if (lifecycleOn(model, today, announced).state === 'shut-down') throw deprecatedModel(model);
  if ('response_format' in fields) throw new ApiError(400, "Unknown parameter: 'response_format'.", 'response_format', 'unknown_parameter');
  const size = String(fields.size ?? 'auto');
  if (!checkSize(model, size).ok) {
    throw new ApiError(
      400,
      entry.sizes.kind === 'fixed'
        ? `Invalid value: '${size}'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.`
        : `Invalid size '${size}': width and height must be multiples of 16, the ratio at most 3:1, and the resolution within the model's limits.`,
      'size',
      'invalid_value',
    );
  }
  const quality = String(fields.quality ?? 'auto');
  const qualities = entry.qualities.filter((each) => !((each === 'xhigh' || each === 'max') && refusesDisputed(entry, each, takeDisputed)));
  if (!qualities.includes(quality as never)) {
    throw new ApiError(
      400,
      `Invalid value: '${quality}'. Supported values are: ${qualities.map((each) => `'${each}'`).join(', ')}.`,
      'quality',
      'invalid_value',
    );
  }
  if (fields.complexity !== undefined) {
    if (!['low', 'medium', 'high'].includes(String(fields.complexity)))
      throw new ApiError(
        400,
        `Invalid value: '${String(fields.complexity)}'. Supported values are: 'low', 'medium', and 'high'.`,
        'complexity',
        'invalid_value',
      );
    if (!entry.complexity) throw new ApiError(400, `complexity is not supported for model '${model}'.`, 'complexity', 'unsupported_parameter');
  }
  const format = String(fields.output_format ?? 'png');
  if (!FORMATS.includes(format)) throw new ApiError(400, `Invalid value: '${format}'.`, 'output_format', 'invalid_value');
  if (!entry.outputFormats.includes(format as OutputFormat))
    throw new ApiError(400, `output_format '${format}' is not supported for model '${model}'.`, 'output_format', 'invalid_value');
  if (fields.background === 'transparent' && format !== 'png' && format !== 'webp')
    throw new ApiError(400, `Transparent background is not supported for ${format} output format.`, 'background');
  if (fields.output_compression !== undefined && format !== 'jpeg' && format !== 'webp')
    throw new ApiError(400, 'Compression is only supported for jpeg and webp output formats.', 'output_compression');
  const n = Number(fields.n ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new ApiError(400, `Invalid value: ${String(fields.n)}. n must be between 1 and 10.`, 'n');
  // JSON bodies carry booleans and numbers; multipart bodies carry them as text.
  const stream = fields.stream === true || fields.stream === 'true';
  if (fields.stream !== undefined && !stream && fields.stream !== false && fields.stream !== 'false')
    throw new ApiError(400, `Invalid value: '${String(fields.stream)}'.`, 'stream', 'invalid_value');
  const partialImages = Number(fields.partial_images ?? 0);
  if (!Number.isInteger(partialImages) || partialImages < 0 || partialImages > 3) {
    throw new ApiError(400, `Invalid value: ${String(fields.partial_images)}. partial_images must be between 0 and 3.`, 'partial_images', 'invalid_value');
  }
  let frames = { count: 9, durationMs: 200 };
  if (format === 'gif') {
    if (stream || partialImages > 0)
      throw new ApiError(400, 'GIF output does not support streaming or partial images.', stream ? 'stream' : 'partial_images', 'invalid_value');
    const count = Number(fields.frame_count ?? 9);
    if (!Number.isInteger(count) || count < 2 || count > 16)
      throw new ApiError(400, `Invalid value: ${String(fields.frame_count)}. frame_count must be between 2 and 16.`, 'frame_count', 'invalid_value');
    const durationMs = Number(fields.frame_duration_ms ?? 200);
    if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > 655_350)
      throw new ApiError(400, `Invalid value: ${String(fields.frame_duration_ms)}.`, 'frame_duration_ms', 'invalid_value');
    frames = { count, durationMs: Math.round(durationMs / 10) * 10 };
  } else {
    for (const key of ['frame_count', 'frame_duration_ms']) {
      if (fields[key] !== undefined) throw new ApiError(400, `${key} is only supported with output_format=gif.`, key, 'invalid_value');
    }
  }
  const svgFields = ['svg', 'svg[model]', 'svg[reasoning][effort]'].filter((key) => fields[key] !== undefined);
  if (format === 'svg') {
    if (n !== 1) throw new ApiError(400, 'SVG output requires n=1.', 'n', 'invalid_value');
    if (stream || partialImages > 0)
      throw new ApiError(400, 'SVG output does not support streaming or partial images.', stream ? 'stream' : 'partial_images', 'invalid_value');
  } else if (svgFields.length > 0) {
    throw new ApiError(400, 'svg is only supported with output_format=svg.', svgFields[0]!, 'invalid_value');
  }
  return { model, entry, size: size === 'auto' ? '1024x1024' : size, format: format as OutputFormat, n, stream, partialImages, frames };
}

/** Output tokens per image as OpenAI documents them for GPT image models: by quality, square or oblong. */
function outputTokens(quality: string, size: string): number {
  const [width, height] = size.split('x').map(Number) as [number, number];
  const table: Record<string, [number, number]> = { low: [272, 408], medium: [1056, 1584], high: [4160, 6240], xhigh: [8320, 12480], max: [16640, 24960] };
  const [square, oblong] = table[quality] ?? table.medium!;
  if (width === height) return Math.round(square * ((width * height) / (1024 * 1024)));
  return Math.round(oblong * ((width * height) / (1536 * 1024)));
}

/** What a picture shows (`fake.pictures`): the prompt, how blurred (a partial image), and the final image's seed. */
export interface ImagePicture {
  readonly prompt: string;
  readonly blur?: number;
  readonly seed?: number;
}

async function makeImage(
  size: string,
  format: OutputFormat,
  transparent: boolean,
  seed: number,
  frames = { count: 9, durationMs: 200 },
  picture?: ImagePicture,
): Promise<Buffer> {
  const [width, height] = size.split('x').map(Number) as [number, number];
  if (format === 'svg') {
    const fill = `rgb(${(seed * 53) % 256},${(seed * 97) % 256},180)`;
    return Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="${fill}"/><stop offset="1" stop-color="#fff"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" style="fill: url(#g)"/></svg>\n`,
    );
  }
  const channels = transparent ? 4 : 3;
  const frame = (index: number) =>
    picture !== undefined
      ? drawPicture(picture.prompt, width, height, seed, transparent, index, picture.blur)
      : sharp({
          create: { width, height, channels, background: { r: (seed * 53 + index * 40) % 256, g: (seed * 97) % 256, b: 180, alpha: transparent ? 0.5 : 1 } },
        });
  if (format === 'gif') {
    const pngs = await Promise.all(Array.from({ length: frames.count }, (_, index) => frame(index).png().toBuffer()));
    return sharp(pngs, { join: { animated: true } })
      .gif({ delay: Array.from({ length: frames.count }, () => frames.durationMs), loop: 0 })
      .toBuffer();
  }
  const image = frame(0);
  return format === 'png' ? image.png().toBuffer() : format === 'jpeg' ? image.jpeg().toBuffer() : image.webp().toBuffer();
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseMultipart(req: http.IncomingMessage, body: Buffer) {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) throw new ApiError(400, 'Expected multipart/form-data.', null);
  // The WHATWG Response parser is a real multipart parser, the same one undici uses.
  const form = await new Response(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer, {
    headers: { 'content-type': type },
  }).formData();
  const fields: Record<string, unknown> = {};
  const files: Array<RecordedFile & { bytes: Buffer }> = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields[name] = value;
    } else {
      const bytes = Buffer.from(await value.arrayBuffer());
      files.push({ field: name, filename: value.name, type: value.type, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
    }
  }
  return { fields, files };
}

function numeric(fields: Record<string, unknown>, key: string) {
  if (typeof fields[key] === 'string') fields[key] = Number(fields[key]);
}

export async function startFakeImagesServer(
  options: { apiKey?: string; today?: string; signImages?: boolean; azure?: Partial<FakeAzure>; compatible?: FakeCompatible } = {},
): Promise<FakeImagesServer> {
  const apiKey = options.apiKey ?? FAKE_API_KEY;
  const requests: RecordedRequest[] = [];
  // A fixed answer (the benchmarks') is hashed and encoded once, so the server's own work stays out of the measure.
  const encodings = new WeakMap<Buffer, { readonly sha256: string; readonly base64: string }>();
  const encoded = (bytes: Buffer) => {
    let found = encodings.get(bytes);
    if (!found) encodings.set(bytes, (found = { sha256: createHash('sha256').update(bytes).digest('hex'), base64: bytes.toString('base64') }));
    return found;
  };
  const lookups: RecordedRequest[] = [];
  const scripted: ScriptedReply[] = [];
  const waiters: Array<(request: RecordedRequest) => void> = [];
  const sockets = new Set<Socket>();
  let counter = 0;
  const storedFiles = new Map<string, { bytes: Buffer; filename: string; purpose: string; created: number }>();
  interface FakeBatch {
    id: string;
    endpoint: string;
    input_file_id: string;
    created_at: number;
    polls: number;
    status: string;
    output_file_id: string | null;
    error_file_id: string | null;
    errors: unknown;
    request_counts: { total: number; completed: number; failed: number };
    metadata: unknown;
    lines: unknown[];
    returned: Record<string, string>;
  }
  const batches = new Map<string, FakeBatch>();
  const signer = await testSigner();
  const announced = (): LearnedShutdowns => new Map(Object.entries(server_.announcedShutdowns));
  /** An answer's image as the real API makes it: PNG and JPEG signed with Content Credentials (unless told not to). */
  async function answerImage(
    size: string,
    format: OutputFormat,
    transparent: boolean,
    seed: number,
    frames?: { count: number; durationMs: number },
    picture?: ImagePicture,
  ): Promise<Buffer> {
    // Pictures for a prompt only when asked (the end-to-end run): flat frames keep other tests and benchmarks lean.
    const drawn = server_.pictures && picture;
    const bytes = await makeImage(size, format, transparent, drawn ? (picture.seed ?? seed) : seed, frames, drawn ? picture : undefined);
    return server_.signImages && (format === 'png' || format === 'jpeg') ? signer.sign(bytes, format, 'fake') : bytes;
  }
  let inFlight = 0;
  let maxConcurrent = 0;
  const responsesRoute = createResponsesRoute({
    today: () => server_.today,
    eventDelayMs: () => server_.eventDelayMs,
    blockedPrompts: () => server_.blockedPrompts,
    textOnlyPrompts: () => server_.textOnlyPrompts,
    textAnswers: () => server_.textAnswers,
    failingToolPrompts: () => server_.failingToolPrompts,
    makeImage: (size, format, transparent, seed, picture) => answerImage(size, format, transparent, seed, undefined, picture),
    outputTokens,
  });

  function checkModeration(fields: Record<string, unknown>) {
    const prompt = String(fields.prompt ?? '');
    if (server_.blockedPrompts.some((word) => prompt.includes(word))) {
      throw new ApiError(400, 'Your request was rejected as a result of our safety system.', null, 'moderation_blocked', 'image_generation_user_error');
    }
  }

  /** One generation as a batch runs it: the status and body the direct request would have answered. */
  async function batchGeneration(fields: Record<string, unknown>, batch: FakeBatch, customId: string): Promise<{ status: number; body: unknown }> {
    try {
      const params = checkCommon(fields, GENERATE_PARAMS, server_.today, announced(), server_.takeDisputed);
      checkModeration(fields);
      const transparent = fields.background === 'transparent';
      const bytes = await answerImage(params.size, params.format, transparent, Object.keys(batch.returned).length + 500, params.frames);
      batch.returned[customId] = createHash('sha256').update(bytes).digest('hex');
      const tokens = outputTokens(String(fields.quality ?? 'auto'), params.size);
      return {
        status: 200,
        body: {
          created: Math.floor(Date.now() / 1000),
          data: [{ b64_json: bytes.toString('base64') }],
          output_format: params.format,
          size: params.size,
          usage: {
            input_tokens: 20,
            input_tokens_details: { image_tokens: 0, text_tokens: 20 },
            output_tokens: tokens,
            output_tokens_details: { image_tokens: tokens, text_tokens: 0 },
            total_tokens: 20 + tokens,
          },
        },
      };
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, body: error.toBody() };
      throw error;
    }
  }

  /** Runs a batch's requests when it completes, splitting answers into an output file and an error file as OpenAI does. */
  async function completeBatch(batch: FakeBatch) {
    const output: string[] = [];
    const errors: string[] = [];
    for (const [index, raw] of batch.lines.entries()) {
      const line = raw as { custom_id?: string; method?: string; url?: string; body?: Record<string, unknown> };
      const customId = String(line.custom_id ?? `line-${index}`);
      const answer =
        line.url === batch.endpoint && line.method === 'POST' && line.body
          ? await batchGeneration(line.body, batch, customId)
          : { status: 400, body: errorBody(`Line ${index + 1}: url must be ${batch.endpoint} and method POST.`) };
      const entry = JSON.stringify({
        id: `batch_req_${index}`,
        custom_id: customId,
        response: { status_code: answer.status, request_id: `req_batch_${index}`, body: answer.body },
        error: null,
      });
      (answer.status === 200 ? output : errors).push(entry);
    }
    const store = (lines: string[]) => {
      if (lines.length === 0) return null;
      const fileId = `file-out-${storedFiles.size + 1}`;
      storedFiles.set(fileId, {
        bytes: Buffer.from(`${lines.join('\n')}\n`),
        filename: `${batch.id}_output.jsonl`,
        purpose: 'batch_output',
        created: Math.floor(Date.now() / 1000),
      });
      return fileId;
    };
    batch.output_file_id = store(output);
    batch.error_file_id = store(errors);
    batch.request_counts = { total: batch.lines.length, completed: output.length, failed: errors.length };
    batch.status = 'completed';
  }

  function batchObject(batch: FakeBatch) {
    const { lines: _lines, returned: _returned, polls: _polls, ...visible } = batch;
    return { object: 'batch', completion_window: '24h', ...visible };
  }

  /** The Files and Batches endpoints; true when the request was one of theirs. */
  async function filesAndBatches(
    method: string,
    record: RecordedRequest,
    uploaded: Array<RecordedFile & { bytes: Buffer }>,
    send: (status: number, payload: unknown) => void,
  ): Promise<boolean> {
    if (record.path === '/v1/files' && method === 'POST') {
      const file = uploaded.find((part) => part.field === 'file');
      if (!file) throw new ApiError(400, "Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
      if (record.fields.purpose !== 'batch')
        throw new ApiError(400, `Invalid value for purpose: '${String(record.fields.purpose)}'.`, 'purpose', 'invalid_value');
      const fileId = `file-${storedFiles.size + 1}`;
      storedFiles.set(fileId, { bytes: file.bytes, filename: file.filename, purpose: 'batch', created: Math.floor(Date.now() / 1000) });
      send(200, {
        id: fileId,
        object: 'file',
        bytes: file.bytes.length,
        created_at: Math.floor(Date.now() / 1000),
        filename: file.filename,
        purpose: 'batch',
        status: 'processed',
      });
      return true;
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(record.path);
    if (content && method === 'GET') {
      const file = storedFiles.get(content[1]!);
      if (!file) throw new ApiError(404, `No such File object: ${content[1]}`, 'id', null);
      send(200, file.bytes.toString('utf8'));
      return true;
    }
    if (record.path === '/v1/batches' && method === 'POST') {
      const endpoint = String(record.fields.endpoint ?? '');
      if (!['/v1/images/generations', '/v1/images/edits', '/v1/responses', '/v1/chat/completions', '/v1/embeddings'].includes(endpoint)) {
        throw new ApiError(400, `Invalid value: '${endpoint}'.`, 'endpoint', 'invalid_value');
      }
      if (record.fields.completion_window !== '24h')
        throw new ApiError(400, "Invalid value: completion_window must be '24h'.", 'completion_window', 'invalid_value');
      const input = storedFiles.get(String(record.fields.input_file_id ?? ''));
      if (!input) throw new ApiError(400, `No such File object: ${String(record.fields.input_file_id)}`, 'input_file_id', null);
      const lines = input.bytes
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
      // A batch runs one model: a request file that mixes models fails validation, naming the first odd line.
      const models = lines.map((line) => String((line as { body?: { model?: unknown } }).body?.model ?? ''));
      const odd = models.findIndex((model) => model !== models[0]);
      const batch: FakeBatch = {
        id: `batch_${batches.size + 1}`,
        endpoint,
        input_file_id: String(record.fields.input_file_id),
        created_at: Math.floor(Date.now() / 1000),
        polls: 0,
        status: odd >= 0 ? 'failed' : 'validating',
        errors:
          odd >= 0
            ? {
                object: 'list',
                data: [
                  {
                    code: 'mixed_models',
                    line: odd + 1,
                    message: `Line ${odd + 1}: all requests in a batch must use the same model (${models[0]}).`,
                    param: 'body.model',
                  },
                ],
              }
            : null,
        output_file_id: null,
        error_file_id: null,
        request_counts: { total: lines.length, completed: 0, failed: 0 },
        metadata: record.fields.metadata ?? null,
        lines,
        returned: {},
      };
      batches.set(batch.id, batch);
      send(200, batchObject(batch));
      return true;
    }
    const batchId = /^\/v1\/batches\/([^/]+)$/.exec(record.path);
    if (batchId && method === 'GET') {
      const batch = batches.get(batchId[1]!);
      if (!batch) throw new ApiError(404, `No batch found with id '${batchId[1]}'.`, null, null);
      batch.polls += 1;
      if (batch.status !== 'completed' && batch.status !== 'failed') {
        if (batch.polls >= server_.batchPollsToComplete) await completeBatch(batch);
        else batch.status = 'in_progress';
      }
      send(200, batchObject(batch));
      return true;
    }
    return false;
  }

  /** A streamed answer as the real API sends it: `event:` + `data:` per partial image, then the completed image. */
  async function streamImages(
    res: http.ServerResponse,
    record: RecordedRequest,
    id: number,
    params: { size: string; format: OutputFormat; n: number; partialImages: number },
    transparent: boolean,
    usage: Record<string, unknown>,
    reply: ScriptedReply | undefined,
  ) {
    const prefix = record.path === '/v1/images/edits' ? 'image_edit' : 'image_generation';
    const pause = reply?.eventDelayMs ?? server_.eventDelayMs;
    record.status = 200;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': `req_fake_${id}`,
      'openai-organization': FAKE_ORGANIZATION,
      'openai-project': FAKE_PROJECT,
    });
    const common = {
      background: transparent ? 'transparent' : 'opaque',
      output_format: params.format,
      quality: record.fields.quality ?? 'auto',
      size: params.size,
    };
    const emit = async (type: string, bytes: Buffer | undefined, payload: Record<string, unknown>) => {
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      if (res.destroyed) return false;
      const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : '';
      record.events.push({ type, at: Date.now(), sha256 });
      res.write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
      return true;
    };
    for (let image = 0; image < params.n; image++) {
      for (let index = 0; index < params.partialImages; index++) {
        if (reply?.streamErrorAfter === index) {
          await emit('error', undefined, {
            type: 'error',
            error: { type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request.', param: null },
          });
          res.end();
          return;
        }
        // A partial is a rougher version of the final image; any distinct bytes of the right format do (pictures: the final one, blurred).
        const made = await answerImage(
          params.size === 'auto' ? '1024x1024' : params.size,
          params.format,
          transparent,
          id * 10 + image + 100 * (index + 1),
          undefined,
          { prompt: String(record.fields.prompt ?? ''), blur: 24 / (index + 1), seed: id * 10 + image },
        );
        const bytes =
          reply?.brokenPartial === index ? Buffer.concat([made.subarray(0, 16), Buffer.from('<!doctype html><html><body>Bad gateway</body></html>')]) : made;
        const type = `${prefix}.partial_image`;
        if (
          !(await emit(type, bytes, {
            type,
            b64_json: bytes.toString('base64'),
            created_at: Math.floor(Date.now() / 1000),
            partial_image_index: index,
            ...common,
          }))
        )
          return;
      }
      if (reply?.streamTruncated) {
        res.end();
        return;
      }
      const bytes =
        server_.fixedImages[params.format] ??
        (await answerImage(params.size, params.format, transparent, id * 10 + image, undefined, { prompt: String(record.fields.prompt ?? '') }));
      const type = `${prefix}.completed`;
      record.returned.push(createHash('sha256').update(bytes).digest('hex'));
      record.returnedBytes.push(bytes);
      if (!(await emit(type, bytes, { type, b64_json: bytes.toString('base64'), created_at: Math.floor(Date.now() / 1000), ...common, usage }))) return;
    }
    res.end();
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake server: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error' } }));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    // Control routes let a test in another process (the end-to-end harness) script failures and read the record.
    if (req.url === '/__fake/script' && req.method === 'POST') {
      scripted.push(...(JSON.parse(body.toString('utf8')) as ScriptedReply[]));
      res.writeHead(204).end();
      return;
    }
    if (req.url === '/__fake/requests' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }
    const azure = translateAzure(req.method ?? '', req.url ?? '', req.headers, server_.azure);
    const servedPath = azure?.kind === 'route' ? azure.path : ((req.url ?? '').split('?')[0] ?? '');
    // Model lookups run in the background beside image requests: they take no number from them (req_fake_0).
    const id = req.method === 'GET' && servedPath.startsWith('/v1/models/') ? 0 : ++counter;
    if (servedPath.startsWith('/v1/images/')) {
      inFlight += 1;
      maxConcurrent = Math.max(maxConcurrent, inFlight);
      res.on('close', () => (inFlight -= 1));
    }
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: servedPath,
      url: req.url ?? '',
      ...(azure?.kind === 'route' ? { azure: azure.seen } : {}),
      headers: req.headers,
      fields: {},
      files: [],
      aborted: false,
      returned: [],
      returnedBytes: [],
      events: [],
    };
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (res.destroyed) return;
      // The real API names the organization and project a key used on every answer; Azure does not.
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-request-id': `req_fake_${id}`,
        ...(azure ? {} : { 'openai-organization': FAKE_ORGANIZATION, 'openai-project': FAKE_PROJECT }),
        ...headers,
      });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload), () => {
        record.answeredAt = Date.now();
      });
    };

    let uploaded: Array<RecordedFile & { bytes: Buffer }> = [];
    let refusal = azure?.kind === 'refuse' ? azure : undefined;
    try {
      if (record.path === '/v1/images/edits' || (record.path === '/v1/files' && req.method === 'POST')) {
        const parsed = await parseMultipart(req, body);
        Object.assign(record.fields, parsed.fields);
        record.files.push(...parsed.files.map(({ bytes: _bytes, ...file }) => file));
        uploaded = parsed.files;
      } else if (body.length > 0) {
        Object.assign(record.fields, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
      }
      // On Azure the deployment in the path says which model serves the request, whatever the body names; on the
      // v1 API the body's model is the deployment.
      if (azure?.kind === 'route' && azure.model) record.fields.model = azure.model;
      if (azure?.kind === 'route' && azure.deploymentInBody) {
        const served = azureDeploymentInBody(record.fields, server_.azure);
        if (served.kind === 'refuse') refusal = served;
        else {
          record.fields.model = served.model;
          record.azure = { ...azure.seen, deployment: served.deployment };
        }
      }
    } catch (error) {
      requests.push(record);
      waiters.splice(0).forEach((resolve) => resolve(record));
      send(400, error instanceof ApiError ? error.toBody() : errorBody('We could not parse the JSON body of your request.'));
      return;
    }
    // Model lookups (Check Setup's probe, the daily shutdown check) run beside image requests, in the background: kept
    // apart, so a test's image requests and scripted replies stay its own; a reply meant for a lookup says so.
    const lookup = req.method === 'GET' && record.path.startsWith('/v1/models/');
    if (lookup) lookups.push(record);
    else {
      requests.push(record);
      waiters.splice(0).forEach((resolve) => resolve(record));
    }
    if (refusal) {
      send(refusal.status, refusal.body);
      return;
    }
    const reply = !lookup || scripted[0]?.forLookup ? scripted.shift() : undefined;
    if (reply?.drop) {
      req.socket.destroy();
      return;
    }
    if (reply?.hang) return;
    const delay = reply?.delayMs ?? (reply ? 0 : server_.delayMs);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    if (reply && (reply.status !== undefined || reply.raw !== undefined || reply.body !== undefined)) {
      send(reply.status ?? 200, reply.raw ?? reply.body ?? {}, reply.headers);
      return;
    }

    try {
      if (!azure && req.headers.authorization !== `Bearer ${apiKey}`) {
        throw new ApiError(
          401,
          'Incorrect API key provided: sk-te***cdef. You can find your API key at https://platform.openai.com/account/api-keys.',
          null,
          'invalid_api_key',
        );
      }
      if (server_.compatible && isCompatibleRoute(record)) {
        const answer = await compatibleAnswer(record, server_.compatible);
        if (answer.status === 200 && record.fields.response_format === 'b64_json') {
          for (const image of answer.images) {
            record.returned.push(createHash('sha256').update(image).digest('hex'));
            record.returnedBytes.push(image);
          }
        }
        send(answer.status, answer.body);
        return;
      }
      const model = /^\/v1\/models\/([^/]+)$/.exec(record.path);
      if (model && req.method === 'GET') {
        const id = decodeURIComponent(model[1]!);
        const lifecycle = lifecycleOn(id, server_.today, announced());
        if (lifecycle.state === 'unknown' || server_.lookupMissing.includes(id))
          throw new ApiError(404, `The model \`${id}\` does not exist or you do not have access to it.`, null, 'model_not_found');
        if (lifecycle.state === 'shut-down') throw deprecatedModel(id);
        send(200, {
          id,
          object: 'model',
          created: 1_700_000_000,
          owned_by: 'system',
          shutdown_date: lifecycle.state === 'deprecated' ? lifecycle.shutdown : null,
        });
        return;
      }
      if (record.path === '/openai/models') {
        send(200, {
          object: 'list',
          data: Object.values(server_.azure.deployments).map((model) => ({ id: model, object: 'model', created_at: 1_700_000_000 })),
        });
        return;
      }
      if (await filesAndBatches(req.method ?? '', record, uploaded, send)) return;
      const storedResponse = /^\/v1\/responses\/([^/]+)$/.exec(record.path);
      if (storedResponse && req.method === 'DELETE') {
        const responseId = decodeURIComponent(storedResponse[1]!);
        if (!responsesRoute.remove(responseId)) throw new ApiError(404, `Response with id '${responseId}' not found.`, null, null);
        send(200, { id: responseId, object: 'response.deleted', deleted: true });
        return;
      }
      if (req.method !== 'POST') throw new ApiError(405, 'Method not allowed');
      if (record.path === '/v1/responses' && azure?.kind === 'route') {
        const checked = azureResponsesFields(record.fields, server_.azure, azure);
        if (checked.kind === 'refuse') {
          send(checked.status, checked.body);
          return;
        }
        Object.assign(record.fields, checked.fields);
      }
      if (record.path === '/v1/responses') {
        const headers = { 'x-request-id': `req_fake_${id}`, 'openai-organization': FAKE_ORGANIZATION, 'openai-project': FAKE_PROJECT };
        await responsesRoute.handle(record.fields, record, res, headers, reply?.streamErrorAfter);
        return;
      }
      let params;
      if (record.path === '/v1/images/generations') {
        params = checkCommon(record.fields, GENERATE_PARAMS, server_.today, announced(), server_.takeDisputed);
      } else if (record.path === '/v1/images/edits') {
        numeric(record.fields, 'n');
        numeric(record.fields, 'output_compression');
        numeric(record.fields, 'partial_images');
        numeric(record.fields, 'frame_count');
        numeric(record.fields, 'frame_duration_ms');
        params = checkCommon(record.fields, EDIT_PARAMS, server_.today, announced(), server_.takeDisputed);
        const images = record.files.filter((file) => file.field === 'image' || file.field === 'image[]');
        if (images.length === 0) throw new ApiError(400, "Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
        if (images.length > 16) throw new ApiError(400, 'Too many images: at most 16.', 'image');
        const mask = uploaded.find((file) => file.field === 'mask');
        const markup = uploaded.find((file) => file.field === 'markup');
        for (const file of [...images, ...record.files.filter((file) => file.field === 'mask' || file.field === 'markup')]) {
          if (!IMAGE_MIME.has(file.type)) {
            throw new ApiError(
              400,
              `Invalid file '${file.field}': unsupported mimetype ('${file.type}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
              file.field,
              'unsupported_file_mimetype',
            );
          }
        }
        const fidelity = params.entry.inputFidelity;
        if (record.fields.input_fidelity !== undefined && (fidelity === 'omit' || !fidelity.includes(record.fields.input_fidelity as 'low' | 'high'))) {
          throw new ApiError(
            400,
            `Invalid value: 'input_fidelity' is not supported for model '${params.model}'${fidelity === 'omit' ? '; omit it' : ''}.`,
            'input_fidelity',
            'invalid_value',
          );
        }
        if (mask && params.format === 'gif') throw new ApiError(400, 'GIF output does not support masks.', 'mask', 'invalid_value');
        if (mask) {
          // The guide: the mask and the first image must be the same format (PNG) and size, the mask with an alpha
          // channel and under 4 MB.
          const first = uploaded.find((file) => file.field === 'image' || file.field === 'image[]')!;
          const [maskInfo, image] = await Promise.all([sharp(mask.bytes).metadata(), sharp(first.bytes).metadata()]);
          if (mask.bytes.length >= 4 * 1024 * 1024) throw new ApiError(400, 'Invalid mask: the mask must be less than 4MB.', 'mask', 'invalid_value');
          if (maskInfo.format !== 'png' || !maskInfo.hasAlpha)
            throw new ApiError(400, 'Invalid mask image format - mask must be a PNG with an alpha channel.', 'mask', 'invalid_image_format');
          if (image.format !== 'png')
            throw new ApiError(400, 'Invalid input image - the image and mask must both be PNG files.', 'image', 'invalid_image_format');
          if (maskInfo.width !== image.width || maskInfo.height !== image.height)
            throw new ApiError(400, 'Invalid mask image format - mask size does not match image size.', 'mask', 'invalid_image_format');
        }
        if (markup) {
          if (!params.entry.markup || refusesDisputed(params.entry, 'markup', server_.takeDisputed))
            throw new ApiError(400, `markup is not supported for model '${params.model}'.`, 'markup', 'invalid_value');
          if (mask) throw new ApiError(400, 'markup cannot be combined with mask.', 'markup', 'invalid_value');
          const first = uploaded.find((file) => file.field === 'image' || file.field === 'image[]')!;
          const [overlay, image] = await Promise.all([sharp(markup.bytes).metadata(), sharp(first.bytes).metadata()]);
          if (overlay.format !== 'png' || !overlay.hasAlpha)
            throw new ApiError(400, 'markup must be a PNG with transparent pixels.', 'markup', 'invalid_value');
          // "Must match that image's dimensions after orientation": an EXIF quarter turn swaps them.
          const turned = (image.orientation ?? 1) >= 5;
          const [width, height] = turned ? [image.height, image.width] : [image.width, image.height];
          if (overlay.width !== width || overlay.height !== height)
            throw new ApiError(400, "markup must match the first image's dimensions.", 'markup', 'invalid_value');
        }
      } else {
        throw new ApiError(404, `Invalid URL (${req.method} ${record.path})`, null, null);
      }
      checkModeration(record.fields);
      const transparent = record.fields.background === 'transparent';
      const perImage = outputTokens(String(record.fields.quality ?? 'auto'), params.size);
      const usage = (partials: number) => ({
        input_tokens: 20,
        input_tokens_details: { image_tokens: 0, text_tokens: 20 },
        output_tokens: (perImage + 100 * partials) * params.n,
        output_tokens_details: { image_tokens: (perImage + 100 * partials) * params.n, text_tokens: 0 },
        total_tokens: 20 + (perImage + 100 * partials) * params.n,
      });
      if (params.stream) {
        if (server_.refuseStreaming)
          throw new ApiError(
            400,
            `Your organization must be verified to stream this model. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.`,
            'stream',
            null,
          );
        await streamImages(res, record, id, params, transparent, usage(params.partialImages), reply);
        return;
      }
      const data = [];
      for (let i = 0; i < params.n; i++) {
        const bytes =
          server_.fixedImages[params.format] ??
          (await answerImage(params.size, params.format, transparent, id * 10 + i, params.frames, { prompt: String(record.fields.prompt ?? '') }));
        const { sha256, base64 } = encoded(bytes);
        record.returned.push(sha256);
        record.returnedBytes.push(bytes);
        data.push({ b64_json: base64 });
      }
      send(200, {
        created: Math.floor(Date.now() / 1000),
        data,
        background: transparent ? 'transparent' : 'opaque',
        output_format: params.format,
        quality: record.fields.quality ?? 'auto',
        size: params.size,
        usage: usage(0),
        // The SVG author's own tokens, billed on top (the response's `svg_usage`).
        ...(params.format === 'svg'
          ? {
              svg_usage: {
                ...(reply?.svgUsageWithoutModel
                  ? {}
                  : { model: String(record.fields['svg[model]'] ?? (record.fields.svg as { model?: string } | undefined)?.model ?? 'gpt-5.5-svg') }),
                input_tokens: 300,
                output_tokens: 900,
                reasoning_tokens: 400,
                total_tokens: 1200,
              },
            }
          : {}),
      });
    } catch (error) {
      if (error instanceof ApiError) send(error.status, error.toBody());
      else send(500, errorBody(String(error), 'server_error', 'server_error'));
    }
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const server_: FakeImagesServer = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    lookups,
    delayMs: 0,
    eventDelayMs: 0,
    refuseStreaming: false,
    blockedPrompts: [],
    textOnlyPrompts: [],
    textAnswers: [],
    failingToolPrompts: [],
    batchPollsToComplete: 2,
    fixedImages: {},
    signImages: options.signImages ?? true,
    signerRootPem: signer.rootPem,
    signerName: signer.signerName,
    today: options.today ?? FAKE_TODAY,
    lookupMissing: [],
    announcedShutdowns: {},
    takeDisputed: false,
    batches,
    azure: { deployments: {}, apiVersions: [...FAKE_AZURE_API_VERSIONS], apiKey: FAKE_AZURE_KEY, bearerTokens: [], ...options.azure },
    compatible: options.compatible,
    pictures: false,
    get maxConcurrent() {
      return maxConcurrent;
    },
    script: (...replies) => void scripted.push(...replies),
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return server_;
}
