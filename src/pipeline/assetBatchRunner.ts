/**
 * Submitting a manifest's stale assets as one Batch API job, and collecting it later: the lock file
 * remembers the batch (so any window, or CI, can collect it), each result is checked like a direct
 * answer, written like one, and locked with the recipe it was submitted with.
 */
import * as path from 'node:path';
import { downloadFile, retrieveBatch, submitBatch, type BatchInfo } from '../api/batchClient';
import { classifyError } from '../api/classifyError';
import { hostOf, providerContext, type Connection } from '../api/imagesClient';
import { BATCH_ENDPOINT, batchRequestFile, readBatchResults, type BatchRequestFile } from '../core/assets/assetBatch';
import { batchParts, serializeLockFile, sha256, type BatchPart, type LockFile, type PendingBatch } from '../core/assets/assetLock';
import type { AssetPlan } from '../core/assets/assetPlan';
import type { ParsedManifest, ResolvedAsset } from '../core/assets/manifestParse';
import type { Failure } from '../core/failure';
import { inspectOutputFile } from '../core/outputFiles';
import { BATCH_DISCOUNT, actualCost } from '../core/pricing';
import { LIMITS } from '../core/problems';
import type { AssetFailureReason } from '../core/assets/assetFailure';
import { readResolved, writableContained, type AssetFiles } from './containedFiles';
import { recoverAsset, replaceAsset, type AssetKeeping } from './assetImageWrite';
import type { JobLog } from './runImageJob';

export interface BatchContext extends AssetKeeping {
  readonly manifest: ParsedManifest;
  readonly lock: LockFile;
  readonly lockPath: string;
  /** Absolute POSIX path no result is written outside of. */
  readonly root: string;
  readonly connection: Connection;
  readonly files: AssetFiles;
  readonly log: JobLog;
  readonly signal?: AbortSignal;
}

export type SubmitOutcome =
  | { readonly ok: true; readonly batchId: string; readonly request: BatchRequestFile; readonly lock: LockFile }
  | { readonly ok: false; readonly reason: 'nothing-to-submit' | 'already-pending'; readonly request?: BatchRequestFile }
  | { readonly ok: false; readonly reason: 'failed'; readonly failure: Failure };

function failureOf(error: unknown, context: BatchContext): Failure {
  return classifyError(error, {
    model: 'batch',
    host: hostOf(context.connection),
    ...providerContext(context.connection),
    timeoutSeconds: context.connection.timeoutSeconds,
    secrets: [context.connection.apiKey],
  });
}

async function saveLock(context: BatchContext, lock: LockFile): Promise<void> {
  await context.files.replace(context.lockPath, new TextEncoder().encode(serializeLockFile(lock)));
}

export async function submitAssetBatch(context: BatchContext, plan: AssetPlan, manifestName: string): Promise<SubmitOutcome> {
  if (context.lock.batch) return { ok: false, reason: 'already-pending' };
  const request = batchRequestFile(plan.toGenerate);
  if (request.submitted.length === 0) return { ok: false, reason: 'nothing-to-submit', request };
  const parts: BatchPart[] = [];
  for (const part of request.parts) {
    let batch: BatchInfo;
    try {
      batch = await submitBatch(
        context.connection,
        part.jsonl,
        BATCH_ENDPOINT,
        { source: 'openai-images', manifest: manifestName.slice(0, 500), model: part.model },
        context.signal,
      );
    } catch (error) {
      // Parts already submitted stay recorded, so their results are collected and paid for only once.
      if (parts.length > 0) await saveLock(context, { ...context.lock, batch: pendingOf(parts, request) });
      return { ok: false, reason: 'failed', failure: failureOf(error, context) };
    }
    parts.push({ id: batch.id, model: part.model, keys: part.submitted.map((item) => item.asset.key) });
  }
  const lock: LockFile = { ...context.lock, batch: pendingOf(parts, request) };
  await saveLock(context, lock);
  context.log.info(
    `batch ${parts.map((part) => `${part.id} (${part.model}, ${part.keys.length})`).join(', ')} submitted (${request.excluded.length} left for Generate Assets)`,
  );
  return { ok: true, batchId: parts.map((part) => part.id).join(', '), request, lock };
}

function pendingOf(parts: readonly BatchPart[], request: BatchRequestFile): PendingBatch {
  const submitted = new Set(parts.flatMap((part) => part.keys));
  const assets = Object.fromEntries(request.submitted.filter((item) => submitted.has(item.asset.key)).map((item) => [item.asset.key, item.recipe!]));
  return { id: parts[0]!.id, submittedAt: new Date().toISOString(), assets, parts: [...parts] };
}

export interface CollectedAsset {
  readonly asset: ResolvedAsset;
}

export type CollectOutcome =
  | { readonly state: 'none' }
  | { readonly state: 'pending'; readonly batch: BatchInfo }
  | { readonly state: 'failed'; readonly failure: Failure }
  | {
      readonly state: 'collected';
      readonly batch: BatchInfo;
      readonly written: readonly ResolvedAsset[];
      readonly failed: readonly BatchFailure[];
      /** Changed on disk since the batch was submitted: left as they are. */
      readonly skipped: readonly string[];
      readonly costUsd: number;
      readonly lock: LockFile;
    };

const FINISHED = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** The job as one batch for messages: its ids, its worst status, its request counts summed. */
function combined(batches: readonly BatchInfo[]): BatchInfo {
  const unfinished = batches.find((batch) => !FINISHED.has(batch.status));
  const sum = (key: 'total' | 'completed' | 'failed') => batches.reduce((total, batch) => total + (batch.request_counts?.[key] ?? 0), 0);
  return {
    ...(unfinished ?? batches[0]!),
    id: batches.map((batch) => batch.id).join(', '),
    request_counts: { total: sum('total'), completed: sum('completed'), failed: sum('failed') },
  };
}

/** One asset of a batch that was not written, and why. */
export interface BatchFailure {
  readonly key: string;
  readonly reason: AssetFailureReason;
}

/** A batch that failed as a whole (validation) names the request file's lines; each line is an asset. */
function batchErrors(batch: BatchInfo, part: BatchPart): BatchFailure[] {
  return (batch.errors?.data ?? []).flatMap((error) => {
    const reason: AssetFailureReason = { code: 'batch-error', detail: [error.code, error.message].filter(Boolean).join(': ') || `batch ${batch.status}` };
    const key = error.line ? part.keys[error.line - 1] : undefined;
    return key ? [{ key, reason }] : part.keys.map((each) => ({ key: each, reason }));
  });
}

/** The finished batches' results and line errors; `pending` while any batch still runs. */
async function downloadResults(
  context: BatchContext,
  parts: readonly BatchPart[],
): Promise<{ state: 'pending' | 'done'; batch: BatchInfo; text: string; failedLines: BatchFailure[] }> {
  const batches: BatchInfo[] = [];
  for (const part of parts) batches.push(await retrieveBatch(context.connection, part.id, context.signal));
  if (batches.some((each) => !FINISHED.has(each.status))) return { state: 'pending', batch: combined(batches), text: '', failedLines: [] };
  let output = '';
  let errors = '';
  const failedLines: BatchFailure[] = [];
  for (const [index, each] of batches.entries()) {
    // Expired and cancelled batches still return what they finished.
    if (each.output_file_id) output += `${await downloadFile(context.connection, each.output_file_id, context.signal)}\n`;
    if (each.error_file_id) errors += `${await downloadFile(context.connection, each.error_file_id, context.signal)}\n`;
    if (each.status === 'failed') failedLines.push(...batchErrors(each, parts[index]!));
  }
  return { state: 'done', batch: combined(batches), text: `${output}\n${errors}`, failedLines };
}

type WrittenResult =
  { readonly state: 'written'; readonly bytes: Uint8Array } | { readonly state: 'skipped' } | { readonly state: 'failed'; readonly reason: AssetFailureReason };

/** Writes one answered image, if it is whole and nobody changed the file since the batch was submitted. */
async function writeResult(context: BatchContext, asset: ResolvedAsset, image: Uint8Array): Promise<WrittenResult> {
  const report = inspectOutputFile(image, asset.format);
  if (report.problem !== undefined) return { state: 'failed', reason: { code: 'not-an-image', format: asset.format, detail: report.problem } };
  const checked = { bytes: report.bytes, manifest: report.manifest };
  const target = await writableContained(context.files, context.root, asset.outPath);
  if (!target.ok) return { state: 'failed', reason: await recoverAsset(context, asset, image, { code: 'write-refused', problem: target.problem }) };
  // Replace only what this manifest wrote (or nothing): a file changed since is the user's, and the paid image is kept aside.
  const current = await readResolved(context.files, target.realPath, LIMITS.imageBytes, asset.outPath);
  const known = context.lock.assets[asset.key]?.file;
  if (!current.ok || (current.bytes && sha256(current.bytes) !== known)) {
    await recoverAsset(context, asset, image, { code: 'changed-on-disk' });
    return { state: 'skipped' };
  }
  const written = await replaceAsset(context, asset, checked, target.realPath);
  return written.ok ? { state: 'written', bytes: written.bytes } : { state: 'failed', reason: written.reason };
}

/**
 * Looks at the pending batches; when all have finished, writes their images and clears the job from the lock.
 * Each image written is locked at once, so a crash part-way leaves no written file unrecorded.
 */
export async function collectAssetBatch(context: BatchContext): Promise<CollectOutcome> {
  const pending = context.lock.batch;
  if (!pending) return { state: 'none' };
  let downloaded: Awaited<ReturnType<typeof downloadResults>>;
  try {
    downloaded = await downloadResults(context, batchParts(pending));
  } catch (error) {
    return { state: 'failed', failure: failureOf(error, context) };
  }
  const { batch } = downloaded;
  if (downloaded.state === 'pending') return { state: 'pending', batch };

  const byKey = new Map(context.manifest.assets.map((asset) => [asset.key, asset]));
  const lock: LockFile = { ...context.lock, assets: { ...context.lock.assets } };
  const written: ResolvedAsset[] = [];
  const failed: BatchFailure[] = [...downloaded.failedLines];
  const skipped: string[] = [];
  let costUsd = 0;
  const { results, unreadable } = readBatchResults(downloaded.text);
  if (unreadable > 0) context.log.warn(`batch ${pending.id}: ${unreadable} result lines could not be read`);
  const answered = new Set<string>(failed.map((line) => line.key));
  for (const result of results) {
    answered.add(result.key);
    const asset = byKey.get(result.key);
    const recipe = pending.assets[result.key];
    if (!asset || !recipe) {
      failed.push({ key: result.key, reason: { code: 'not-in-manifest' } });
      continue;
    }
    if (!result.ok) {
      failed.push({ key: result.key, reason: { code: 'batch-error', detail: result.reason } });
      continue;
    }
    const outcome = await writeResult(context, asset, result.image);
    if (outcome.state === 'skipped') skipped.push(asset.key);
    if (outcome.state === 'failed') failed.push({ key: result.key, reason: outcome.reason });
    if (outcome.state !== 'written') continue;
    lock.assets[asset.key] = { recipe, file: sha256(outcome.bytes), generatedAt: new Date().toISOString(), requestId: result.requestId };
    await saveLock(context, lock);
    if (result.usage) costUsd += actualCost(asset.settings.model, result.usage) * BATCH_DISCOUNT;
    written.push(asset);
    context.log.info(`batch ${pending.id}: ${asset.key} written (${path.posix.basename(asset.outPath)})`);
  }
  for (const key of Object.keys(pending.assets)) {
    if (!answered.has(key)) failed.push({ key, reason: { code: 'no-result', batchStatus: batch.status } });
  }
  // The job is done: the lock keeps what was written and no longer names the batch.
  const finished: LockFile = { version: 1, assets: lock.assets };
  await saveLock(context, finished);
  return { state: 'collected', batch, written, failed, skipped, costUsd, lock: finished };
}
