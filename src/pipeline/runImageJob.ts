/**
 * One request from a checked plan to files on disk: call the API, check the bytes are the format asked
 * for, write them without overwriting anything. Every outcome is a value, never a throw.
 */
import { classifyError } from '../api/classifyError';
import { retryDecision } from '../core/retryPolicy';
import {
  editImages,
  generateImages,
  hostOf,
  providerContext,
  UnexpectedResponseError,
  type Connection,
  type ImagesResult,
  type StreamOptions,
} from '../api/imagesClient';
import type { SvgUsage, Usage } from '../api/imagesResponse';
import type { Failure } from '../core/failure';
import type { ContentCredentialsChoice, ManifestFate } from '../core/credentials/imagePlacement';
import { checkOutputFile, inspectOutputFile } from '../core/outputFiles';
import { detectFormat } from '../core/imageBytes';
import type { OutputFormat } from '../core/modelCatalogue';
import { redactSecrets } from '../core/redact';
import type { Recipe } from '../core/recipe';
import type { PlannedRequest } from '../core/requestPlan';
import { isStreamingRefusal } from '../core/streaming';
import { sleep } from './abortableSleep';
import type { TargetFolder } from './targetFolder';
import type { RecipeSink } from './recipeRegistryFile';
import type { Recovery } from './recovery';
import { writeAnswer } from './writeAnswer';

export interface JobLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface JobInput {
  readonly request: PlannedRequest;
  readonly connection: Connection;
  readonly folder: TargetFolder;
  /** The file name without extension; `-1`, `-2`... are added when taken. */
  readonly stem: string;
  readonly signal: AbortSignal;
  readonly log: JobLog;
  /** So "Regenerate from File" can make the results again: in the recipe registry, and inside a PNG without a manifest. */
  readonly recipe?: Recipe;
  /** The recipe registry of the folder's workspace; undefined outside one. */
  readonly recipes?: RecipeSink;
  /** What to do with the Content Credentials an answer carries (default `keep`). */
  readonly credentials?: ContentCredentialsChoice;
  /** Where the images go when they cannot be written into `folder`. */
  readonly recovery?: Recovery;
  /** Stream the answer with this many partial images; undefined for a plain request. */
  readonly partialImages?: number;
  /** Each partial image as it arrives (streamed requests only). */
  readonly onPartial?: (image: Uint8Array, index: number) => void;
  /** The API refused to stream; the job has fallen back to a plain request. */
  readonly onStreamingRefused?: () => void;
  /** The finished images, checked, before they are written: the panel draws them without waiting for the disk. */
  readonly onImages?: (images: readonly Uint8Array[]) => void;
}

export type JobOutcome =
  | {
      readonly ok: true;
      readonly files: string[];
      /** Per file: whether it carries the API's Content Credentials as they arrived. */
      readonly manifests: ManifestFate[];
      readonly revisedPrompts: Array<string | undefined>;
      readonly usage?: Usage;
      readonly svgUsage?: SvgUsage;
      readonly requestId?: string;
      readonly durationMs: number;
    }
  | {
      readonly ok: false;
      readonly failure: Failure;
      readonly durationMs: number;
      /** The answer arrived (and was paid for) before the failure: what it cost counts against the limits all the same. */
      readonly paid?: { readonly usage?: Usage; readonly svgUsage?: SvgUsage };
    };

/**
 * The format the answer must be in: the one asked for, or, from a compatible server that was told none, the raster
 * format its first image is in (checked whole all the same).
 */
function expectedFormat(request: PlannedRequest, images: readonly Uint8Array[]): OutputFormat {
  if (!request.compatible || request.compatible.target.declared?.formats) return request.body.output_format;
  const found = images[0] ? detectFormat(images[0]) : undefined;
  return found === 'jpeg' || found === 'webp' ? found : 'png';
}

function describeRequest(request: PlannedRequest): string {
  const { model, size, quality, n, output_format } = request.body;
  const parts = [`model=${model}`, `size=${size}`, `quality=${quality}`, `n=${n}`, `format=${output_format}`];
  if (request.body.complexity) parts.push(`complexity=${request.body.complexity}`);
  if (request.body.frame_count !== undefined) parts.push(`frames=${request.body.frame_count}x${request.body.frame_duration_ms ?? 0}ms`);
  if (request.kind === 'edit') {
    parts.push(`images=${request.body.image.map((image) => `${image.mimeType}:${image.bytes.length}B`).join(',')}`);
    if (request.body.mask) parts.push(`mask=${request.body.mask.bytes.length}B`);
    if (request.body.markup) parts.push(`markup=${request.body.markup.bytes.length}B`);
  }
  // A compatible server is sent only some of that: the log says which, so a refusal can be read against it.
  if (request.compatible) parts.push(`compatible sent=${request.compatible.fields.join(',')},response_format`);
  return parts.join(' ');
}

async function callApi(input: RequestJobInput, stream: StreamOptions | undefined): Promise<ImagesResult> {
  return input.request.kind === 'generate'
    ? generateImages(input.connection, input.request.body, input.signal, stream, input.request.compatible?.fields)
    : editImages(input.connection, input.request.body, input.signal, stream, input.request.compatible?.fields);
}

/** The SDK wraps what its fetch throws (an answer cut off as too large) in a connection error: found by its cause. */
function unexpectedCause(error: unknown): UnexpectedResponseError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++)
    if (current instanceof UnexpectedResponseError) return current;
  return undefined;
}

function toFailure(thrown: unknown, input: RequestJobInput): Failure {
  const format = input.request.body.output_format;
  const error = unexpectedCause(thrown) ?? thrown;
  if (error instanceof UnexpectedResponseError) return { kind: 'unexpected-output', format, requestId: error.requestId, detail: error.message };
  if (error instanceof SyntaxError) return { kind: 'unexpected-output', format, detail: error.message };
  const { connection } = input;
  return classifyError(error, {
    model: input.request.body.model,
    host: hostOf(connection),
    ...providerContext(connection),
    timeoutSeconds: connection.timeoutSeconds,
    secrets: [connection.apiKey],
  });
}

/** Sends the request, again after transient failures as `retryDecision` allows; a Failure when it gives up. */
async function callWithRetries(input: RequestJobInput, endpoint: string): Promise<ImagesResult | Failure> {
  const maxRetries = input.connection.maxRetries;
  const { partialImages, onPartial } = input;
  const format = input.request.body.output_format;
  // A partial image is drawn in the panel: checked whole like the final one, and dropped (not drawn) when it is not.
  const checkedPartial = (image: Uint8Array, index: number) => {
    const problem = checkOutputFile(image, format);
    if (problem) input.log.warn(`partial image ${index} dropped: not a whole ${format} (${problem})`);
    else onPartial?.(image, index);
  };
  let stream: StreamOptions | undefined = partialImages !== undefined ? { partialImages, onPartial: checkedPartial } : undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await callApi(input, stream);
    } catch (error) {
      // An aborted stream can end as a short stream rather than an abort error; the user cancelled either way.
      if (input.signal.aborted) return { kind: 'cancelled', attempts: attempt + 1 };
      const failure: Failure = { ...toFailure(error, input), attempts: attempt + 1 };
      if (stream && isStreamingRefusal(failure) && !input.signal.aborted) {
        // Once, and not counted as a retry: the same request without streaming is a different request.
        input.log.warn(`${endpoint} streaming refused${failure.requestId ? ` request_id=${failure.requestId}` : ''}: sending it again without streaming`);
        stream = undefined;
        input.onStreamingRefused?.();
        attempt -= 1;
        continue;
      }
      const decision = retryDecision(failure, attempt, maxRetries);
      if (!decision.retry || input.signal.aborted) return failure;
      const requestId = failure.requestId ? ` request_id=${failure.requestId}` : '';
      input.log.warn(
        `${endpoint} ${failure.kind}${failure.status ? ` status=${failure.status}` : ''}${requestId}: retry ${attempt + 1} of ${maxRetries} in ${decision.delayMs}ms`,
      );
      if (!(await sleep(decision.delayMs, input.signal))) return { kind: 'cancelled', attempts: attempt + 1 };
    }
  }
}

/** What the API answered, checked: the images are in the format asked for. Nothing is written. */
export type RequestOutcome =
  | {
      readonly ok: true;
      readonly result: ImagesResult;
      readonly durationMs: number;
      /** Per image: it carries a C2PA manifest. */ readonly manifests: boolean[];
    }
  | {
      readonly ok: false;
      readonly failure: Failure;
      readonly durationMs: number;
      /** An answer arrived and was paid for, though none of its images could be used. */
      readonly paid?: { readonly usage?: Usage; readonly svgUsage?: SvgUsage };
    };

/** The request part of a job: everything but the writing, for callers that write elsewhere (assets). */
export type RequestJobInput = Omit<JobInput, 'folder' | 'stem' | 'recipe' | 'recipes' | 'credentials' | 'recovery'>;

function endpointOf(request: PlannedRequest): string {
  return request.kind === 'generate' ? 'POST /images/generations' : 'POST /images/edits';
}

/** Logs a failure once, with what support needs (status, request id, attempts), never the key. */
export function logFailure(input: Pick<JobInput, 'request' | 'connection' | 'log'>, failure: Failure, elapsedMs: number): void {
  const status = failure.status ? ` status=${failure.status}` : '';
  const requestId = failure.requestId ? ` request_id=${failure.requestId}` : '';
  const detail = failure.detail ? ` detail=${JSON.stringify(failure.detail)}` : '';
  const attempts = failure.attempts && failure.attempts > 1 ? ` attempts=${failure.attempts}` : '';
  const line = redactSecrets(`${endpointOf(input.request)} failed: ${failure.kind}${status}${requestId}${attempts} after ${elapsedMs}ms${detail}`, [
    input.connection.apiKey,
  ]);
  if (failure.kind === 'cancelled') input.log.info(line);
  else input.log.error(line);
}

export async function requestImages(input: RequestJobInput): Promise<RequestOutcome> {
  const { request, connection, log } = input;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const endpoint = endpointOf(request);
  const fail = (failure: Failure): Extract<RequestOutcome, { ok: false }> => {
    logFailure(input, failure, elapsed());
    return { ok: false, failure, durationMs: elapsed() };
  };

  const streaming = input.partialImages !== undefined ? ` stream partial_images=${input.partialImages}` : '';
  log.info(`${endpoint} host=${hostOf(connection)} ${describeRequest(request)}${streaming}`);
  const called = await callWithRetries(input, endpoint);
  if (!('images' in called)) return fail(called);
  const result = called;
  if (result.accountingProblems.length > 0)
    log.warn(
      `${endpoint} request_id=${result.requestId ?? '-'}: the cost is unknown, the answer's ${result.accountingProblems.join(', ')} did not parse; the image is kept`,
    );
  // A cancel that came after the whole answer arrived is too late to save the money: the image is kept.
  if (input.signal.aborted) log.info(`${endpoint} cancelled after the answer arrived request_id=${result.requestId ?? '-'}: the paid image is kept`);

  // Checked whole, not by the first bytes: a truncated image, a broken GIF or an SVG with script is never written.
  // One bad image of several does not cost the others: every valid image of a paid answer is kept.
  const expected = expectedFormat(request, result.images);
  const kept: Array<{ readonly bytes: Uint8Array; readonly revisedPrompt: string | undefined; readonly manifest: boolean }> = [];
  const problems: string[] = [];
  result.images.forEach((bytes, index) => {
    const report = inspectOutputFile(bytes, expected);
    if (report.problem !== undefined) {
      problems.push(`image ${index + 1}: ${report.problem}`);
      return;
    }
    if (report.removed.length > 0) log.warn(`${endpoint} request_id=${result.requestId ?? '-'}: left out of the SVG: ${report.removed.join('; ')}`);
    kept.push({ bytes: report.bytes, revisedPrompt: result.revisedPrompts[index], manifest: report.manifest });
  });
  if (kept.length === 0) {
    const failed = fail({ kind: 'unexpected-output', format: expected, requestId: result.requestId, detail: problems.join('; ') });
    return { ...failed, paid: { usage: result.usage, svgUsage: result.svgUsage } };
  }
  if (problems.length > 0) log.warn(`${endpoint} request_id=${result.requestId ?? '-'}: not a whole ${expected}, not written: ${problems.join('; ')}`);
  const checked: ImagesResult = { ...result, images: kept.map((image) => image.bytes), revisedPrompts: kept.map((image) => image.revisedPrompt) };
  return { ok: true, result: checked, durationMs: elapsed(), manifests: kept.map((image) => image.manifest) };
}

export async function runImageJob(input: JobInput): Promise<JobOutcome> {
  const { request, log } = input;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const endpoint = endpointOf(request);
  const requested = await requestImages(input);
  if (!requested.ok) return requested;
  const { result } = requested;
  const expected = expectedFormat(request, result.images);
  input.onImages?.(result.images);
  const written = await writeAnswer(
    {
      folder: input.folder,
      stem: input.stem,
      format: expected,
      recipe: input.recipe,
      recipes: input.recipes,
      credentials: input.credentials,
      recovery: input.recovery,
      log,
      requestId: result.requestId,
    },
    result.images.map((bytes, index) => ({ bytes, manifest: requested.manifests[index] ?? false })),
  );
  if (!written.ok) {
    const failure: Failure = { kind: 'write-failed', ...written.failure, requestId: result.requestId };
    logFailure(input, failure, elapsed());
    return { ok: false, failure, durationMs: elapsed(), paid: { usage: result.usage, svgUsage: result.svgUsage } };
  }
  const { files, manifests } = written;
  const tokens = result.usage ? ` tokens in=${result.usage.input_tokens} out=${result.usage.output_tokens}` : '';
  const credentials = manifests.join(',');
  log.info(
    `${endpoint} ok request_id=${result.requestId ?? '-'} ${elapsed()}ms wrote ${files.map((name) => `${input.folder.label}/${name}`).join(', ')} credentials=${credentials}${tokens}`,
  );
  return {
    ok: true,
    files,
    manifests,
    revisedPrompts: result.revisedPrompts,
    usage: result.usage,
    svgUsage: result.svgUsage,
    requestId: result.requestId,
    durationMs: elapsed(),
  };
}
