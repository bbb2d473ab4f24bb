/**
 * One request from a checked plan to files on disk: call the API, check the bytes are the format asked
 * for, write them without overwriting anything. Every outcome is a value, never a throw.
 */
import { classifyError } from '../api/classifyError';
import { retryDecision } from '../core/retryPolicy';
import { editImages, generateImages, hostOf, UnexpectedResponseError, type Connection, type ImagesResult, type StreamOptions } from '../api/imagesClient';
import type { SvgUsage, Usage } from '../api/imagesResponse';
import type { Failure } from '../core/failure';
import { OUTPUT_EXTENSIONS, checkOutputFile } from '../core/outputFiles';
import { redactSecrets } from '../core/redact';
import { embedRecipe, type Recipe } from '../core/recipe';
import type { PlannedRequest } from '../core/requestPlan';
import { isStreamingRefusal } from '../core/streaming';
import { sleep } from './abortableSleep';
import type { TargetFolder } from './targetFolder';
import { WriteError, writeImages } from './writeImages';

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
  /** Written into PNG results, so "Regenerate from File" can make them again. */
  readonly recipe?: Recipe;
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
      readonly revisedPrompts: Array<string | undefined>;
      readonly usage?: Usage;
      readonly svgUsage?: SvgUsage;
      readonly requestId?: string;
      readonly durationMs: number;
    }
  | { readonly ok: false; readonly failure: Failure; readonly durationMs: number };

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
  return parts.join(' ');
}

async function callApi(input: RequestJobInput, stream: StreamOptions | undefined): Promise<ImagesResult> {
  return input.request.kind === 'generate'
    ? generateImages(input.connection, input.request.body, input.signal, stream)
    : editImages(input.connection, input.request.body, input.signal, stream);
}

function toFailure(error: unknown, input: RequestJobInput): Failure {
  const format = input.request.body.output_format;
  if (error instanceof UnexpectedResponseError) return { kind: 'unexpected-output', format, requestId: error.requestId, detail: error.message };
  if (error instanceof SyntaxError) return { kind: 'unexpected-output', format, detail: error.message };
  const { connection } = input;
  return classifyError(error, {
    model: input.request.body.model,
    host: hostOf(connection),
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
  | { readonly ok: true; readonly result: ImagesResult; readonly durationMs: number }
  | { readonly ok: false; readonly failure: Failure; readonly durationMs: number };

/** The request part of a job: everything but the writing, for callers that write elsewhere (assets). */
export type RequestJobInput = Omit<JobInput, 'folder' | 'stem' | 'recipe'>;

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
  const fail = (failure: Failure): RequestOutcome => {
    logFailure(input, failure, elapsed());
    return { ok: false, failure, durationMs: elapsed() };
  };

  const streaming = input.partialImages !== undefined ? ` stream partial_images=${input.partialImages}` : '';
  log.info(`${endpoint} host=${hostOf(connection)} ${describeRequest(request)}${streaming}`);
  const called = await callWithRetries(input, endpoint);
  if (!('images' in called)) return fail(called);
  const result = called;
  if (input.signal.aborted) return fail({ kind: 'cancelled', requestId: result.requestId });

  // Checked whole, not by the first bytes: a truncated image, a broken GIF or an SVG with script is never written.
  const expected = request.body.output_format;
  for (const bytes of result.images) {
    const problem = checkOutputFile(bytes, expected);
    if (problem) return fail({ kind: 'unexpected-output', format: expected, requestId: result.requestId, detail: problem });
  }
  return { ok: true, result, durationMs: elapsed() };
}

export async function runImageJob(input: JobInput): Promise<JobOutcome> {
  const { request, log } = input;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const endpoint = endpointOf(request);
  const requested = await requestImages(input);
  if (!requested.ok) return requested;
  const { result } = requested;
  const expected = request.body.output_format;
  const fail = (failure: Failure): JobOutcome => {
    logFailure(input, failure, elapsed());
    return { ok: false, failure, durationMs: elapsed() };
  };

  input.onImages?.(result.images);
  try {
    const { recipe } = input;
    const images = recipe && expected === 'png' ? result.images.map((bytes) => embedRecipe(bytes, recipe)) : result.images;
    const files = await writeImages(input.folder, input.stem, OUTPUT_EXTENSIONS[expected], images);
    const tokens = result.usage ? ` tokens in=${result.usage.input_tokens} out=${result.usage.output_tokens}` : '';
    log.info(
      `${endpoint} ok request_id=${result.requestId ?? '-'} ${elapsed()}ms wrote ${files.map((name) => `${input.folder.label}/${name}`).join(', ')}${tokens}`,
    );
    return {
      ok: true,
      files,
      revisedPrompts: result.revisedPrompts,
      usage: result.usage,
      svgUsage: result.svgUsage,
      requestId: result.requestId,
      durationMs: elapsed(),
    };
  } catch (error) {
    const fileName = error instanceof WriteError ? error.fileName : input.stem;
    const detail = error instanceof Error ? error.message : String(error);
    return fail({ kind: 'write-failed', path: `${input.folder.label}/${fileName}`, requestId: result.requestId, detail });
  }
}
