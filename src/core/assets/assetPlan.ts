/**
 * Decides, like a build tool, which assets to make: missing outputs, changed recipes, changed inputs, and
 * files changed by hand since they were written (those only after asking). Pure: the file hashes come in.
 */
import { compatibleEstimate, estimateCost } from '../pricing';
import { EARLIER_DEFAULT_MODELS } from '../modelCatalogue';
import type { LockFile } from './assetLock';
import { assetRecipeHash } from './assetLock';
import { editInputs, type ParsedManifest, type ResolvedAsset } from './manifestParse';
import { styleChanges, type StyleChange } from './styleKit';
import { planDerivatives, type DerivativeItem } from './derivativePlan';
import { compatibleTargetOf } from '../compatibleModels';

export type AssetStatus =
  /** Nothing to do. */
  | 'up-to-date'
  /** The output does not exist. */
  | 'missing'
  /** The prompt, settings or input bytes changed since the output was made. */
  | 'recipe-changed'
  /** An input is another asset that will be made first, so this one follows. */
  | 'input-stale'
  /** The output was changed on disk since it was written: overwrite only after asking. */
  | 'modified'
  /** The output exists but the lock has no record of making it: overwrite only after asking. */
  | 'untracked'
  /** An edit input does not exist and no asset makes it. */
  | 'input-missing';

export interface PlanItem {
  readonly asset: ResolvedAsset;
  readonly status: AssetStatus;
  /** Known now unless an input is made in this run. */
  readonly recipe?: string;
  readonly estimateUsd: number;
  readonly approximate: boolean;
  /** A compatible server's model with no declared price: `estimateUsd` leaves it out. */
  readonly unknownCost?: boolean;
  /** The output's hash when planned; a different one at write time means someone changed it meanwhile. */
  readonly fileHash?: string;
  /** For input-missing: the path that is not there. */
  readonly detail?: string;
  /** For recipe-changed: what of its style changed, when that is why. */
  readonly styleChanges?: readonly StyleChange[];
}

export interface AssetPlan {
  readonly items: readonly PlanItem[];
  /** Items that will be sent (stale ones; modified and untracked ones only if confirmed). */
  readonly toGenerate: readonly PlanItem[];
  readonly estimateUsd: number;
  readonly approximate: boolean;
  /** Some item to make has no known price (`estimateUsd` counts the rest). */
  readonly unknownCost: boolean;
  /** Every derivative of every asset, with whether it is to be made. */
  readonly derived: readonly DerivativeItem[];
}

/** Hash of a file's bytes, or undefined when it does not exist. */
export type HashLookup = (absolutePath: string) => string | undefined;

export const STALE: ReadonlySet<AssetStatus> = new Set(['missing', 'recipe-changed', 'input-stale', 'modified', 'untracked']);
export const NEEDS_CONFIRMATION: ReadonlySet<AssetStatus> = new Set(['modified', 'untracked']);

/**
 * An asset that leaves the model to the built-in default and was made with an earlier default is not stale just
 * because the default moved on (gpt-image-1.5 until 0.3): its image is still what the manifest asks for.
 */
function madeWithEarlierDefault(asset: ResolvedAsset, locked: string, hashOf: HashLookup): boolean {
  if (asset.modelExplicit) return false;
  return EARLIER_DEFAULT_MODELS.some((model) => assetRecipeHash({ ...asset, settings: { ...asset.settings, model } }, hashOf).recipe === locked);
}

function estimateAt(asset: ResolvedAsset, model: string, quality: ResolvedAsset['settings']['quality'], n: number, extraInputs: number) {
  const { settings } = asset;
  // A compatible server's model costs what the user declared, or an unknown amount, never OpenAI's price.
  const served = compatibleTargetOf({ ...settings, model });
  if (served) return compatibleEstimate(served, n);
  const inputImages = [...editInputs(asset), ...Array<string>(extraInputs)].map(() => undefined);
  return estimateCost({ model, size: settings.size, quality, complexity: settings.complexity, n, inputImages, inputFidelity: settings.inputFidelity });
}

/** An estimate of an asset: USD, whether it is an upper bound, and whether part of it has no known price. */
export interface AssetEstimate {
  readonly usd: number;
  readonly approximate: boolean;
  readonly unknown?: boolean;
}

/** What remaking a chosen draft at the asset's own model may cost: one edit with the draft as an extra input. */
export function remakeEstimate(asset: ResolvedAsset): AssetEstimate {
  return estimateAt(asset, asset.settings.model, asset.settings.quality, 1, 1);
}

/**
 * What making an asset may cost. Inputs may not exist yet (another asset makes them): counted at their most
 * expensive shape. Candidates cost their drafts, plus the remake at the asset's own model when drafts are cheaper.
 */
export function assetEstimate(asset: ResolvedAsset): AssetEstimate {
  const { settings, candidates } = asset;
  if (!candidates) return estimateAt(asset, settings.model, settings.quality, 1, 0);
  const drafts = estimateAt(asset, candidates.model, candidates.quality, candidates.count, 0);
  if (candidates.model === settings.model && candidates.quality === settings.quality) return drafts;
  const final = remakeEstimate(asset);
  const unknown = drafts.unknown === true || final.unknown === true;
  return { usd: drafts.usd + final.usd, approximate: drafts.approximate || final.approximate, ...(unknown ? { unknown } : {}) };
}

export function planAssets(manifest: ParsedManifest, lock: LockFile, hashOf: HashLookup): AssetPlan {
  const statuses = new Map<number, PlanItem>();
  for (const index of manifest.order) {
    const asset = manifest.assets[index]!;
    const estimate = assetEstimate(asset);
    const base = {
      asset,
      estimateUsd: estimate.usd,
      approximate: estimate.approximate,
      ...(estimate.unknown ? { unknownCost: true } : {}),
      fileHash: hashOf(asset.outPath),
    };
    const item = ((): PlanItem => {
      const inputs = editInputs(asset);
      const producers = asset.dependsOn.map((dep) => statuses.get(dep)!);
      if (producers.some((producer) => STALE.has(producer.status) || producer.status === 'input-missing')) {
        return { ...base, status: 'input-stale' };
      }
      const missingInput = inputs.find((input) => hashOf(input) === undefined);
      if (missingInput) return { ...base, status: 'input-missing', detail: missingInput };
      const { recipe, style } = assetRecipeHash(asset, hashOf);
      const current = hashOf(asset.outPath);
      const entry = lock.assets[asset.key];
      if (current === undefined) return { ...base, status: 'missing', recipe };
      if (!entry) return { ...base, status: 'untracked', recipe };
      if (entry.file !== current) return { ...base, status: 'modified', recipe };
      if (entry.recipe !== recipe && !madeWithEarlierDefault(asset, entry.recipe, hashOf)) {
        const changes = styleChanges(entry.style, style);
        return { ...base, status: 'recipe-changed', recipe, ...(changes.length > 0 ? { styleChanges: changes } : {}) };
      }
      return { ...base, status: 'up-to-date', recipe };
    })();
    statuses.set(index, item);
  }
  const items = manifest.assets.map((asset) => statuses.get(asset.index)!);
  const toGenerate = manifest.order.map((index) => statuses.get(index)!).filter((item) => STALE.has(item.status));
  return {
    items,
    toGenerate,
    estimateUsd: toGenerate.reduce((sum, item) => sum + item.estimateUsd, 0),
    approximate: toGenerate.some((item) => item.approximate),
    unknownCost: toGenerate.some((item) => item.unknownCost === true),
    derived: planDerivatives(items, lock, hashOf),
  };
}
