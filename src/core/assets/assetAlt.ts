/**
 * Alt text of a manifest's assets (`"alt"`): the manifest's own words, or `"auto"`, a description a language model
 * wrote from the picture when it was made in VS Code. The lock records that description with the hash of the file
 * it describes, so a check (CI) reads it and never calls a model; a new image of the asset drops it.
 */
import type { LockFile } from './assetLock';
import type { AssetPlan, PlanItem } from './assetPlan';
import type { ResolvedAsset } from './manifestParse';

export const AUTO_ALT = 'auto';

/** Up-to-date assets with `"alt": "auto"` whose current file has no description in the lock. */
export function altTextsWanted(plan: AssetPlan, lock: LockFile): PlanItem[] {
  return plan.items.filter((item) => item.asset.alt === AUTO_ALT && item.status === 'up-to-date' && !lock.assets[item.asset.key]?.alt);
}

/** The lock with `alt` recorded for `key`; undefined when its entry is gone or is for another file than `fileHash`. */
export function withAltText(lock: LockFile, key: string, fileHash: string, alt: { text: string; by: string }): LockFile | undefined {
  const entry = lock.assets[key];
  if (!entry || entry.file !== fileHash) return undefined;
  return { ...lock, assets: { ...lock.assets, [key]: { ...entry, alt: { text: alt.text.slice(0, 300), by: alt.by.slice(0, 200) } } } };
}

/** An asset's alt text: the manifest's words, else the lock's description of the file it has now. */
export function assetAltText(asset: ResolvedAsset, lock: LockFile, fileHash: string | undefined): string | undefined {
  if (asset.alt === undefined) return undefined;
  if (asset.alt !== AUTO_ALT) return asset.alt;
  const entry = lock.assets[asset.key];
  return entry?.alt && entry.file === fileHash ? entry.alt.text : undefined;
}
