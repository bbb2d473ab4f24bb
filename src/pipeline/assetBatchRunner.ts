/**
 * Submitting a manifest's stale assets as one Batch API job, and collecting it later: the lock file
 * remembers the batch (so any window, or CI, can collect it), each result is checked like a direct
 * answer, written like one, and locked with the recipe it was submitted with.
 */
import * as path from 'node:path';
import { downloadFile, retrieveBatch, submitBatch, type BatchInfo } from '../api/batchClient';
import { classifyError } from '../api/classifyError';
import { hostOf, type Connection } from '../api/imagesClient';
import { BATCH_ENDPOINT, batchRequestFile, readBatchResults, type BatchRequestFile } from '../core/assets/assetBatch';
import { batchParts, serializeLockFile, sha256, type BatchPart, type LockFile, type PendingBatch } from '../core/assets/assetLock';
import { withAssetRecipe } from '../core/assets/assetRecipe';
import type { AssetPlan } from '../core/assets/assetPlan';
import type { ParsedManifest, ResolvedAsset } from '../core/assets/manifestParse';
import type { Failure } from '../core/failure';
import { checkOutputFile } from '../core/outputFiles';
import { BATCH_DISCOUNT, actualCost } from '../core/pricing';
import { describePathProblem } from '../core/containment';
import { LIMITS } from '../core/problems';
import { englishTranslate } from '../core/translate';
import { readResolved, writableContained, type AssetFiles } from './containedFiles';
import type { JobLog } from './runImageJob';

export interface BatchContext {
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
      readonly failed: ReadonlyArray<{ readonly key: string; readonly reason: string }>;
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

/** A batch that failed as a whole (validation) names the request file's lines; each line is an asset. */
function batchErrors(batch: BatchInfo, part: BatchPart): Array<{ key: string; reason: string }> {
  return (batch.errors?.data ?? []).flatMap((error) => {
    const reason = [error.code, error.message].filter(Boolean).join(': ') || `batch ${batch.status}`;
    const key = error.line ? part.keys[error.line - 1] : undefined;
    return key ? [{ key, reason }] : part.keys.map((each) => ({ key: each, reason }));
  });
}

/** Looks at the pending batches; when all have finished, writes their images and clears the job from the lock. */
export async function collectAssetBatch(context: BatchContext): Promise<CollectOutcome> {
  const pending = context.lock.batch;
  if (!pending) return { state: 'none' };
  const parts = batchParts(pending);
  const batches: BatchInfo[] = [];
  let output = '';
  let errors = '';
  const failedLines: Array<{ key: string; reason: string }> = [];
  try {
    for (const part of parts) batches.push(await retrieveBatch(context.connection, part.id, context.signal));
    if (batches.some((each) => !FINISHED.has(each.status))) return { state: 'pending', batch: combined(batches) };
    for (const [index, each] of batches.entries()) {
      // Expired and cancelled batches still return what they finished.
      if (each.output_file_id) output += `${await downloadFile(context.connection, each.output_file_id, context.signal)}\n`;
      if (each.error_file_id) errors += `${await downloadFile(context.connection, each.error_file_id, context.signal)}\n`;
      if (each.status === 'failed') failedLines.push(...batchErrors(each, parts[index]!));
    }
  } catch (error) {
    return { state: 'failed', failure: failureOf(error, context) };
  }
  const batch = combined(batches);

  const byKey = new Map(context.manifest.assets.map((asset) => [asset.key, asset]));
  const lock: LockFile = { version: 1, assets: { ...context.lock.assets } };
  const written: ResolvedAsset[] = [];
  const failed: Array<{ key: string; reason: string }> = [];
  const skipped: string[] = [];
  let costUsd = 0;
  const { results, unreadable } = readBatchResults(`${output}\n${errors}`);
  if (unreadable > 0) context.log.warn(`batch ${pending.id}: ${unreadable} result lines could not be read`);
  const answered = new Set<string>();
  for (const line of failedLines) {
    answered.add(line.key);
    failed.push(line);
  }

  for (const result of results) {
    answered.add(result.key);
    const asset = byKey.get(result.key);
    const recipe = pending.assets[result.key];
    if (!asset || !recipe) {
      failed.push({ key: result.key, reason: 'no longer in the manifest; not written' });
      continue;
    }
    if (!result.ok) {
      failed.push({ key: result.key, reason: result.reason });
      continue;
    }
    const problem = checkOutputFile(result.image, asset.format);
    if (problem) {
      failed.push({ key: result.key, reason: `the answer is not a valid ${asset.format}: ${problem}` });
      continue;
    }
    const target = await writableContained(context.files, context.root, asset.outPath);
    if (!target.ok) {
      failed.push({ key: result.key, reason: describePathProblem(target.problem, englishTranslate) });
      continue;
    }
    // Replace only what this manifest wrote (or nothing): a file changed since is the user's.
    const current = await readResolved(context.files, target.realPath, LIMITS.imageBytes, asset.outPath);
    const known = context.lock.assets[asset.key]?.file;
    if (!current.ok || (current.bytes && sha256(current.bytes) !== known)) {
      skipped.push(asset.key);
      continue;
    }
    const bytes = withAssetRecipe(result.image, asset);
    try {
      await context.files.replace(target.realPath, bytes);
    } catch (error) {
      // One file that cannot be written fails alone: the ones already written are still locked below.
      failed.push({ key: result.key, reason: `could not write: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    lock.assets[asset.key] = { recipe, file: sha256(bytes), generatedAt: new Date().toISOString(), requestId: result.requestId };
    if (result.usage) costUsd += actualCost(asset.settings.model, result.usage) * BATCH_DISCOUNT;
    written.push(asset);
    context.log.info(`batch ${pending.id}: ${asset.key} written (${path.posix.basename(asset.outPath)})`);
  }
  for (const key of Object.keys(pending.assets)) {
    if (!answered.has(key)) failed.push({ key, reason: `no result (batch ${batch.status})` });
  }
  await saveLock(context, lock);
  return { state: 'collected', batch, written, failed, skipped, costUsd, lock };
}
