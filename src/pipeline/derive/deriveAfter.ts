/**
 * After assets are written (a run, a choice among candidates): their derivatives that are stale, made with
 * the same question as assets for any changed by hand.
 */
import type { LockFile } from '../../core/assets/assetLock';
import type { AssetPlan } from '../../core/assets/assetPlan';
import { DERIVATIVE_NEEDS_CONFIRMATION, DERIVATIVE_STALE, type DerivativeItem } from '../../core/assets/derivativePlan';
import type { ResolvedAsset } from '../../core/assets/manifestParse';
import type { AssetFiles } from '../containedFiles';
import type { JobLog } from '../runImageJob';
import { runDerivatives, type DerivativeRunSummary } from './runDerivatives';

/** Derivatives made (no API call), failed, or left because they were changed by hand and not confirmed. */
export type DerivedSummary = DerivativeRunSummary & { readonly skipped: readonly DerivativeItem[] };

export interface DeriveAfterInput {
  readonly plan: AssetPlan;
  readonly files: AssetFiles;
  readonly root: string;
  readonly log: JobLog;
  readonly signal: AbortSignal;
  /** Only some assets were asked for: the derivatives of the others wait for a full run. */
  readonly partial?: boolean;
  readonly confirmDerivedOverwrite?: (items: readonly DerivativeItem[]) => Promise<ReadonlySet<string>>;
}

/**
 * The derivatives to make once the assets are written: those of assets made now or already up to date (an asset
 * that failed or waits for a choice keeps its old derivatives), after asking about any changed by hand.
 */
export async function deriveAfter(
  input: DeriveAfterInput,
  generated: readonly ResolvedAsset[],
  { lock, saveLock }: { readonly lock: LockFile; readonly saveLock: () => Promise<void> },
): Promise<DerivedSummary> {
  const made = new Set(generated.map((asset) => asset.index));
  const fresh = new Set(input.plan.items.filter((item) => item.status === 'up-to-date').map((item) => item.asset.index));
  // A source written just now (a chosen candidate) no longer waits: its derivatives are made from it.
  const stale = input.plan.derived.filter((item) =>
    made.has(item.asset.index)
      ? DERIVATIVE_STALE.has(item.status) || item.status === 'source-missing'
      : DERIVATIVE_STALE.has(item.status) && fresh.has(item.asset.index) && !input.partial,
  );
  const asking = stale.filter((item) => DERIVATIVE_NEEDS_CONFIRMATION.has(item.status));
  const confirmed = asking.length > 0 && input.confirmDerivedOverwrite ? await input.confirmDerivedOverwrite(asking) : new Set<string>();
  const skipped = asking.filter((item) => !confirmed.has(item.derivative.key));
  const items = stale.filter((item) => !DERIVATIVE_NEEDS_CONFIRMATION.has(item.status) || confirmed.has(item.derivative.key));
  const summary = await runDerivatives({ items, lock, saveLock, files: input.files, root: input.root, log: input.log, signal: input.signal });
  return { ...summary, skipped };
}
