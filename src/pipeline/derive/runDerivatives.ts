/**
 * Writes the derivatives a plan says are stale, one at a time (sharp already uses every core), each from the
 * asset's file as it is on disk now, under the containment rule, and locked as soon as it is written. Nothing
 * here calls the API: a derivative costs nothing.
 */
import { sha256, type LockFile } from '../../core/assets/assetLock';
import type { AssetFailureReason } from '../../core/assets/assetFailure';
import type { DerivativeItem } from '../../core/assets/derivativePlan';
import { LIMITS } from '../../core/problems';
import { readContained, readResolved, writableContained, type AssetFiles } from '../containedFiles';
import type { JobLog } from '../runImageJob';
import { renderDerivative } from './renderDerivative';

export interface DerivativeRunInput {
  readonly items: readonly DerivativeItem[];
  /** Changed on the lock in place; `saveLock` writes it. */
  readonly lock: LockFile;
  readonly saveLock: () => Promise<void>;
  readonly files: AssetFiles;
  readonly root: string;
  readonly log: JobLog;
  readonly signal: AbortSignal;
}

export interface DerivativeFailure {
  readonly item: DerivativeItem;
  readonly reason: AssetFailureReason;
}

export interface DerivativeRunSummary {
  readonly made: readonly DerivativeItem[];
  readonly failed: readonly DerivativeFailure[];
}

async function makeDerivative(item: DerivativeItem, input: DerivativeRunInput): Promise<AssetFailureReason | undefined> {
  const { files, root, lock } = input;
  const { asset, derivative } = item;
  const source = await readContained(files, root, asset.outPath, LIMITS.imageBytes);
  if (!source.ok) return { code: 'input-refused', problem: source.problem };
  if (!source.bytes) return { code: 'source-missing', path: asset.out };
  const rendered = await renderDerivative(source.bytes, derivative.spec);
  if (!rendered.ok)
    return rendered.code === 'unreadable'
      ? { code: 'source-unreadable', detail: rendered.detail }
      : { code: 'larger-than-source', source: rendered.source, target: rendered.target };
  const target = await writableContained(files, root, derivative.outPath);
  if (!target.ok) return { code: 'write-refused', problem: target.problem };
  // Someone may have changed it since the plan: then it is theirs.
  const now = await readResolved(files, target.realPath, LIMITS.imageBytes, derivative.outPath);
  if (!now.ok || (now.bytes ? sha256(now.bytes) : undefined) !== item.fileHash) return { code: 'changed-on-disk' };
  try {
    await files.replace(target.realPath, rendered.bytes);
  } catch (error) {
    return { code: 'write-failed', detail: error instanceof Error ? error.message : String(error) };
  }
  lock.derived = { ...lock.derived, [derivative.key]: { from: asset.key, source: sha256(source.bytes), spec: item.specHash, file: sha256(rendered.bytes) } };
  await input.saveLock();
  input.log.info(`derivative ${derivative.key} written (${rendered.width}x${rendered.height}, ${rendered.bytes.length} bytes) from ${asset.key}`);
  return undefined;
}

export async function runDerivatives(input: DerivativeRunInput): Promise<DerivativeRunSummary> {
  const made: DerivativeItem[] = [];
  const failed: DerivativeFailure[] = [];
  for (const item of input.items) {
    if (input.signal.aborted) {
      failed.push({ item, reason: { code: 'cancelled' } });
      continue;
    }
    const reason = await makeDerivative(item, input).catch((error: unknown): AssetFailureReason => ({
      code: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    }));
    if (reason) {
      input.log.warn(`derivative ${item.derivative.key} not written: ${reason.code}`);
      failed.push({ item, reason });
    } else made.push(item);
  }
  return { made, failed };
}
