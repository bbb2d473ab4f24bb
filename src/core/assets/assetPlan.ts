/**
 * Decides, like a build tool, which assets to make: missing outputs, changed recipes, changed inputs, and
 * files changed by hand since they were written (those only after asking). Pure: the file hashes come in.
 */
import { estimateCost } from '../pricing';
import { EARLIER_DEFAULT_MODELS } from '../modelCatalogue';
import type { LockFile } from './assetLock';
import { recipeHash } from './assetLock';
import { editInputs, type ParsedManifest, type ResolvedAsset } from './manifestParse';

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
  /** The output's hash when planned; a different one at write time means someone changed it meanwhile. */
  readonly fileHash?: string;
  /** For input-missing: the path that is not there. */
  readonly detail?: string;
}

export interface AssetPlan {
  readonly items: readonly PlanItem[];
  /** Items that will be sent (stale ones; modified and untracked ones only if confirmed). */
  readonly toGenerate: readonly PlanItem[];
  readonly estimateUsd: number;
  readonly approximate: boolean;
}

/** Hash of a file's bytes, or undefined when it does not exist. */
export type HashLookup = (absolutePath: string) => string | undefined;

export const STALE: ReadonlySet<AssetStatus> = new Set(['missing', 'recipe-changed', 'input-stale', 'modified', 'untracked']);
export const NEEDS_CONFIRMATION: ReadonlySet<AssetStatus> = new Set(['modified', 'untracked']);

/**
 * An asset that leaves the model to the built-in default and was made with an earlier default is not stale just
 * because the default moved on (gpt-image-1.5 until 0.3): its image is still what the manifest asks for.
 */
function madeWithEarlierDefault(
  asset: ResolvedAsset,
  locked: string,
  imageHashes: readonly string[],
  maskHash: string | undefined,
  markupHash: string | undefined,
): boolean {
  if (asset.modelExplicit) return false;
  return EARLIER_DEFAULT_MODELS.some((model) => recipeHash({ ...asset, settings: { ...asset.settings, model } }, imageHashes, maskHash, markupHash) === locked);
}

export function planAssets(manifest: ParsedManifest, lock: LockFile, hashOf: HashLookup): AssetPlan {
  const statuses = new Map<number, PlanItem>();
  for (const index of manifest.order) {
    const asset = manifest.assets[index]!;
    // Inputs may not exist yet (another asset makes them): counted at their most expensive shape.
    const inputImages = editInputs(asset).map(() => undefined);
    const estimate = estimateCost({
      model: asset.settings.model,
      size: asset.settings.size,
      quality: asset.settings.quality,
      complexity: asset.settings.complexity,
      n: 1,
      inputImages,
      inputFidelity: asset.settings.inputFidelity,
    });
    const base = { asset, estimateUsd: estimate.usd, approximate: estimate.approximate, fileHash: hashOf(asset.outPath) };
    const item = ((): PlanItem => {
      const inputs = editInputs(asset);
      const producers = asset.dependsOn.map((dep) => statuses.get(dep)!);
      if (producers.some((producer) => STALE.has(producer.status) || producer.status === 'input-missing')) {
        return { ...base, status: 'input-stale' };
      }
      const missingInput = inputs.find((input) => hashOf(input) === undefined);
      if (missingInput) return { ...base, status: 'input-missing', detail: missingInput };
      const imageHashes = (asset.edit?.images ?? []).map((input) => hashOf(input)!);
      const maskHash = asset.edit?.mask ? hashOf(asset.edit.mask) : undefined;
      const markupHash = asset.edit?.markup ? hashOf(asset.edit.markup) : undefined;
      const recipe = recipeHash(asset, imageHashes, maskHash, markupHash);
      const current = hashOf(asset.outPath);
      const entry = lock.assets[asset.key];
      if (current === undefined) return { ...base, status: 'missing', recipe };
      if (!entry) return { ...base, status: 'untracked', recipe };
      if (entry.file !== current) return { ...base, status: 'modified', recipe };
      if (entry.recipe !== recipe && !madeWithEarlierDefault(asset, entry.recipe, imageHashes, maskHash, markupHash))
        return { ...base, status: 'recipe-changed', recipe };
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
  };
}
