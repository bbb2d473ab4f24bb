/**
 * One conversation turn from a planned body to a file on disk: send it to the Responses API (streamed, retried
 * after transient failures like any request), check the image is the format asked for, write it without
 * overwriting anything. A turn that made no image is an answer in words, or a failure that says why. Every
 * outcome is a value, never a throw.
 */
import { classifyError } from '../api/classifyError';
import { hostOf, providerContext, type Connection } from '../api/imagesClient';
import { sendTurn, type SentTurn } from '../api/responsesClient';
import { TurnStreamError, type ImageGenUsage, type ResponseUsage } from '../api/responsesStream';
import type { TurnBody } from '../core/conversation/turnRequest';
import type { Failure } from '../core/failure';
import type { ContentCredentialsChoice, ManifestFate } from '../core/credentials/imagePlacement';
import { checkOutputFile, inspectOutputFile } from '../core/outputFiles';
import type { Recipe } from '../core/recipe';
import { redactSecrets } from '../core/redact';
import { retryDecision } from '../core/retryPolicy';
import { sleep } from './abortableSleep';
import type { JobLog } from './runImageJob';
import type { RecipeSink } from './recipeRegistryFile';
import type { Recovery } from './recovery';
import type { TargetFolder } from './targetFolder';
import { writeAnswer, type CheckedImage } from './writeAnswer';

export interface TurnJobInput {
  readonly body: TurnBody;
  readonly connection: Connection;
  readonly folder: TargetFolder;
  readonly stem: string;
  readonly signal: AbortSignal;
  readonly log: JobLog;
  /** The recipe for the image, once the response id is known. */
  readonly recipe: (responseId: string) => Recipe;
  /** The recipe registry of the folder's workspace; undefined outside one. */
  readonly recipes?: RecipeSink;
  readonly credentials?: ContentCredentialsChoice;
  readonly recovery?: Recovery;
  readonly onPartial?: (image: Uint8Array, index: number) => void;
  /** The finished image, checked, before it is written. */
  readonly onImage?: (image: Uint8Array) => void;
}

interface Answered {
  readonly responseId: string;
  readonly text: string;
  readonly usage?: ResponseUsage;
  readonly imageUsage?: ImageGenUsage;
  readonly requestId?: string;
  readonly durationMs: number;
}

export type TurnOutcome =
  | (Answered & { readonly ok: true; readonly kind: 'image'; readonly files: string[]; readonly manifests: ManifestFate[]; readonly revisedPrompt?: string })
  | (Answered & { readonly ok: true; readonly kind: 'text' })
  | {
      readonly ok: false;
      readonly failure: Failure;
      readonly responseId?: string;
      readonly durationMs: number;
      /** The answer arrived (and was paid for) before the failure. */
      readonly paid?: Pick<Answered, 'usage' | 'imageUsage'>;
    };

const ENDPOINT = 'POST /responses';

function describe(body: TurnBody): string {
  const [tool] = body.tools;
  const parts = [`model=${body.model}`, `image_model=${tool.model}`, `size=${tool.size}`, `quality=${tool.quality}`, `format=${tool.output_format}`];
  if (tool.complexity) parts.push(`complexity=${tool.complexity}`);
  if (tool.partial_images > 0) parts.push(`partial_images=${tool.partial_images}`);
  parts.push(`previous_response_id=${body.previous_response_id ?? '-'}`, `store=${body.store}`, `input_messages=${body.input.length}`);
  const last = body.input.at(-1);
  if (last?.role === 'user' && last.content.some((part) => part.type === 'input_image')) parts.push('input_image=yes');
  return parts.join(' ');
}

/** A failed response or a broken stream, by the code the API gave it. */
function streamFailure(error: TurnStreamError): Failure {
  const code = error.code ?? '';
  if (code === 'moderation_blocked') return { kind: 'moderation', code, detail: error.message, moderation: { categories: [] } };
  if (/rate_limit/i.test(code)) return { kind: 'rate-limit', code, detail: error.message };
  if (code === '' || /server_error|internal/i.test(code)) return { kind: 'server', code: code || undefined, detail: error.message };
  return { kind: 'invalid-request', code, detail: error.message };
}

function toFailure(error: unknown, input: TurnJobInput): Failure {
  if (error instanceof TurnStreamError) return streamFailure(error);
  const failure = classifyError(error, {
    model: input.body.model,
    host: hostOf(input.connection),
    ...providerContext(input.connection),
    timeoutSeconds: input.connection.timeoutSeconds,
    secrets: [input.connection.apiKey],
  });
  // The request names two models; a refusal naming the image tool's model is about that one.
  const imageModel = input.body.tools[0].model;
  if ((failure.kind === 'model-retired' || failure.kind === 'model-not-found') && failure.detail?.includes(`\`${imageModel}\``))
    return { ...failure, model: imageModel };
  return failure;
}

async function sendWithRetries(input: TurnJobInput, onPartial: (image: Uint8Array, index: number) => void): Promise<SentTurn | Failure> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendTurn(input.connection, input.body, input.signal, onPartial);
    } catch (error) {
      if (input.signal.aborted) return { kind: 'cancelled', attempts: attempt + 1 };
      const failure: Failure = { ...toFailure(error, input), attempts: attempt + 1 };
      const decision = retryDecision(failure, attempt, input.connection.maxRetries);
      if (!decision.retry) return failure;
      input.log.warn(
        `${ENDPOINT} ${failure.kind}${failure.status ? ` status=${failure.status}` : ''}: retry ${attempt + 1} of ${input.connection.maxRetries} in ${decision.delayMs}ms`,
      );
      if (!(await sleep(decision.delayMs, input.signal))) return { kind: 'cancelled', attempts: attempt + 1 };
    }
  }
}

export async function runConversationTurn(input: TurnJobInput): Promise<TurnOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const format = input.body.tools[0].output_format;
  const fail = (failure: Failure, responseId?: string): TurnOutcome => {
    const line = `${ENDPOINT} failed: ${failure.kind}${failure.status ? ` status=${failure.status}` : ''} request_id=${failure.requestId ?? '-'} response_id=${responseId ?? '-'} after ${elapsed()}ms${failure.detail ? ` detail=${JSON.stringify(failure.detail)}` : ''}`;
    const clean = redactSecrets(line, [input.connection.apiKey]);
    if (failure.kind === 'cancelled') input.log.info(clean);
    else input.log.error(clean);
    return { ok: false, failure, responseId, durationMs: elapsed() };
  };
  input.log.info(`${ENDPOINT} host=${hostOf(input.connection)} ${describe(input.body)}`);
  const checkedPartial = (image: Uint8Array, index: number) => {
    const problem = checkOutputFile(image, format);
    if (problem) input.log.warn(`partial image ${index} dropped: not a whole ${format} (${problem})`);
    else input.onPartial?.(image, index);
  };
  const sent = await sendWithRetries(input, checkedPartial);
  if (!('answer' in sent)) return fail(sent);
  const { answer, requestId } = sent;
  // A cancel that came after the whole answer arrived is too late to save the money: the image is kept.
  if (input.signal.aborted) input.log.info(`${ENDPOINT} cancelled after the answer arrived request_id=${requestId ?? '-'}: the paid answer is kept`);
  const answered: Answered = {
    responseId: answer.responseId,
    text: answer.text,
    usage: answer.usage,
    imageUsage: answer.imageUsage,
    requestId,
    durationMs: 0,
  };
  // Every answer that arrived was billed (its text tokens at least): a failure after it still counts its cost.
  const paidFail = (failure: Failure): TurnOutcome => ({ ...fail(failure, answer.responseId), paid: answered }) as TurnOutcome;
  if (answer.images.length === 0) {
    const failed = answer.failedCalls[0];
    if (failed?.moderation) return paidFail({ kind: 'moderation', code: failed.code, requestId, detail: failed.message, moderation: failed.moderation });
    if (failed) return paidFail({ kind: 'image-call-failed', code: failed.code, requestId, detail: failed.message });
    input.log.info(`${ENDPOINT} ok request_id=${requestId ?? '-'} response_id=${answer.responseId} ${elapsed()}ms: text only, no image`);
    return { ...answered, ok: true, kind: 'text', durationMs: elapsed() };
  }
  const checked: CheckedImage[] = [];
  for (const image of answer.images) {
    const report = inspectOutputFile(image.bytes, format);
    if (report.problem !== undefined) return paidFail({ kind: 'unexpected-output', format, requestId, detail: report.problem });
    if (report.removed.length > 0) input.log.warn(`${ENDPOINT} request_id=${requestId ?? '-'}: left out of the SVG: ${report.removed.join('; ')}`);
    checked.push({ bytes: report.bytes, manifest: report.manifest });
  }
  input.onImage?.(checked[0]!.bytes);
  const written = await writeAnswer(
    {
      folder: input.folder,
      stem: input.stem,
      format,
      recipe: input.recipe(answer.responseId),
      recipes: input.recipes,
      credentials: input.credentials,
      recovery: input.recovery,
      log: input.log,
      requestId,
    },
    checked,
  );
  if (!written.ok) return paidFail({ kind: 'write-failed', ...written.failure, requestId });
  const { files, manifests } = written;
  const tokens = answer.usage ? ` tokens in=${answer.usage.input_tokens} out=${answer.usage.output_tokens}` : '';
  const imageTokens = answer.imageUsage ? ` image_tokens out=${answer.imageUsage.output_tokens}` : '';
  input.log.info(
    `${ENDPOINT} ok request_id=${requestId ?? '-'} response_id=${answer.responseId} ${elapsed()}ms wrote ${files.map((name) => `${input.folder.label}/${name}`).join(', ')} credentials=${manifests.join(',')}${tokens}${imageTokens}`,
  );
  return { ...answered, ok: true, kind: 'image', files, manifests, revisedPrompt: answer.images[0]!.revisedPrompt, durationMs: elapsed() };
}
