/**
 * Every file a manifest names, checked and hashed for planning: each path once, under the containment rule,
 * `stat`ed before it is read, a few at a time.
 */
import { sha256 } from '../core/assets/assetLock';
import type { ParsedManifest, ResolvedAsset } from '../core/assets/manifestParse';
import { containPath } from '../core/containment';
import { LIMITS } from '../core/problems';
import { checkContained, mapBounded, readResolved, type AssetFiles, type PathProblem } from './containedFiles';

/** Files read at once while planning: each may be up to the API's 50 MB, so memory stays bounded. */
const PLANNING_READS = 4;

export interface AssetPathProblem extends PathProblem {
  readonly asset: ResolvedAsset;
  /** Where the manifest names the path. */
  readonly offset: number;
  readonly length: number;
}

export interface ManifestFiles {
  /** Hash of each output and input that exists and may be read. */
  readonly hashes: ReadonlyMap<string, string | undefined>;
  /** Paths that leave the root, are not regular files or are too large: nothing was read from them. */
  readonly problems: readonly AssetPathProblem[];
}

/**
 * Checks and hashes every output and edit input of a manifest, for planning: each path once, under the
 * containment rule, `stat`ed before it is read, a few at a time.
 */
export async function inspectManifestFiles(manifest: ParsedManifest, files: AssetFiles, root: string): Promise<ManifestFiles> {
  const paths = [...new Set(manifest.assets.flatMap((asset) => asset.places.map((place) => place.path)))];
  const contained = new Map(await mapBounded(paths, PLANNING_READS, async (file) => [file, await containPath(root, file, files)] as const));
  // Each real file is read once, however many names (links to `.`, `a/../a`) lead to it.
  const reals = [...new Set([...contained.values()].flatMap((containment) => (containment.ok ? [containment.realPath] : [])))];
  const readByReal = new Map(await mapBounded(reals, PLANNING_READS, async (real) => [real, await readResolved(files, real, LIMITS.imageBytes)] as const));
  type Outcome = { readonly hash?: string; readonly problem?: PathProblem };
  const outcomes = paths.map((file): readonly [string, Outcome] => {
    const containment = contained.get(file)!;
    if (!containment.ok) return [file, { problem: { path: file, reason: containment.reason } }];
    const read = readByReal.get(containment.realPath)!;
    return [file, read.ok ? { hash: read.bytes ? sha256(read.bytes) : undefined } : { problem: { ...read.problem, path: file } }];
  });
  const byPath = new Map(outcomes);
  const problems: AssetPathProblem[] = [];
  for (const asset of manifest.assets) {
    for (const place of asset.places) {
      const problem = byPath.get(place.path)?.problem;
      if (problem) problems.push({ ...problem, asset, offset: place.offset, length: place.length });
    }
  }
  return { hashes: new Map(outcomes.map(([file, outcome]) => [file, outcome.hash])), problems };
}

/** The same checks without reading or hashing anything: for diagnostics while the manifest is edited. */
export async function checkManifestPaths(manifest: ParsedManifest, files: AssetFiles, root: string): Promise<AssetPathProblem[]> {
  const places = manifest.assets.flatMap((asset) => asset.places.map((place) => ({ asset, place })));
  const found = await mapBounded(places, PLANNING_READS, async ({ asset, place }) => {
    const problem = await checkContained(files, root, place.path, LIMITS.imageBytes);
    return problem ? [{ ...problem, asset, offset: place.offset, length: place.length }] : [];
  });
  return found.flat();
}
