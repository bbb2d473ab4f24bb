/**
 * Which derivatives to make, like a build tool: a derivative is remade when its source's bytes or its own spec
 * changed, never when nothing did, and one changed by hand is replaced only after asking. Pure: hashes come in.
 */
import type { LockFile } from './assetLock';
import type { PlanItem } from './assetPlan';
import { deriveSpecHash, type ResolvedDerivative } from './derivatives';
import type { ResolvedAsset } from './manifestParse';

export type DerivativeStatus =
  | 'up-to-date'
  | 'missing'
  /** The asset's file is not the one the derivative was made from. */
  | 'source-changed'
  /** The entry's size, fit, format or quality changed. */
  | 'spec-changed'
  /** The asset itself is made first in this run; its derivatives follow it. */
  | 'source-stale'
  /** The asset's file does not exist yet and is not made by a plain run (its candidates wait for a choice). */
  | 'source-missing'
  /** Changed on disk since it was written: replaced only after asking. */
  | 'modified'
  /** Exists but the lock has no record of making it: replaced only after asking. */
  | 'untracked';

export interface DerivativeItem {
  readonly asset: ResolvedAsset;
  readonly derivative: ResolvedDerivative;
  readonly status: DerivativeStatus;
  readonly specHash: string;
  /** The derivative's own hash when planned: a different one at write time means someone changed it meanwhile. */
  readonly fileHash?: string;
}

export const DERIVATIVE_STALE: ReadonlySet<DerivativeStatus> = new Set(['missing', 'source-changed', 'spec-changed', 'source-stale', 'modified', 'untracked']);
export const DERIVATIVE_NEEDS_CONFIRMATION: ReadonlySet<DerivativeStatus> = new Set(['modified', 'untracked']);

const SOURCE_WAITS: ReadonlySet<string> = new Set(['missing', 'recipe-changed', 'input-stale', 'modified', 'untracked', 'input-missing']);

export function planDerivatives(items: readonly PlanItem[], lock: LockFile, hashOf: (absolutePath: string) => string | undefined): DerivativeItem[] {
  return items.flatMap((item) =>
    item.asset.derive.map((derivative): DerivativeItem => {
      const specHash = deriveSpecHash(derivative.spec);
      const fileHash = hashOf(derivative.outPath);
      const base = { asset: item.asset, derivative, specHash, fileHash };
      const sourceHash = hashOf(item.asset.outPath);
      const entry = lock.derived?.[derivative.key];
      if (fileHash !== undefined && !entry) return { ...base, status: 'untracked' };
      if (fileHash !== undefined && entry && entry.file !== fileHash) return { ...base, status: 'modified' };
      if (SOURCE_WAITS.has(item.status)) return { ...base, status: sourceHash === undefined && item.asset.candidates ? 'source-missing' : 'source-stale' };
      if (fileHash === undefined) return { ...base, status: 'missing' };
      if (entry!.source !== sourceHash || entry!.from !== item.asset.key) return { ...base, status: 'source-changed' };
      if (entry!.spec !== specHash) return { ...base, status: 'spec-changed' };
      return { ...base, status: 'up-to-date' };
    }),
  );
}
