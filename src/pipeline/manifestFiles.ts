/**
 * Every file a manifest names, checked and hashed for planning: each path once, under the containment rule,
 * `stat`ed before it is read, a few at a time.
 */
import { sha256 } from '../core/assets/assetLock';
import { sameFileKey, type ParsedManifest, type ResolvedAsset } from '../core/assets/manifestParse';
import { containPath, type RealPaths } from '../core/containment';
import { LIMITS } from '../core/problems';
import { ByteBudget } from './byteBudget';
import { checkContained, FileTooLargeError, mapBounded, type AssetFiles, type PathProblem } from './containedFiles';

/** Files checked at once while planning; what bounds memory is the bytes read at once (PLANNING_BYTES). */
const PLANNING_CHECKS = 16;
/** Each file may be up to the API's 50 MB: at most this much is read at once, and each is hashed as soon as read. */
const PLANNING_BYTES = 64 * 1024 * 1024;

type Outcome = { readonly hash?: string; readonly problem?: PathProblem };

/** A real file's hash (undefined when it does not exist) or why it may not be read: `stat` first, then a bounded read. */
async function hashReal(files: AssetFiles, realPath: string, budget: ByteBudget): Promise<Outcome> {
  const info = await files.stat(realPath);
  if (!info) return {};
  if (info.kind !== 'file') return { problem: { path: realPath, reason: 'not-a-file' } };
  if (info.size > LIMITS.imageBytes) return { problem: { path: realPath, reason: 'too-large', limit: LIMITS.imageBytes } };
  return budget.use(info.size, async () => {
    try {
      const bytes = await files.read(realPath, LIMITS.imageBytes);
      return { hash: bytes ? sha256(bytes) : undefined };
    } catch (error) {
      // It grew past the limit between stat and read.
      if (error instanceof FileTooLargeError) return { problem: { path: realPath, reason: 'too-large', limit: LIMITS.imageBytes } };
      throw error;
    }
  });
}

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
  // The root's real path once, not once per file.
  let realRoot: Promise<string> | undefined;
  const realPaths: RealPaths = { realPath: (file, base) => (file === root ? (realRoot ??= files.realPath(root, base)) : files.realPath(file, base)) };
  const budget = new ByteBudget(PLANNING_BYTES);
  // Each real file is read once, however many names (links to `.`, `a/../a`) lead to it.
  const byReal = new Map<string, Promise<Outcome>>();
  const outcomes = await mapBounded(paths, PLANNING_CHECKS, async (file): Promise<readonly [string, Outcome]> => {
    const containment = await containPath(root, file, realPaths);
    if (!containment.ok) return [file, { problem: { path: file, reason: containment.reason } }];
    let outcome = byReal.get(containment.realPath);
    if (!outcome) byReal.set(containment.realPath, (outcome = hashReal(files, containment.realPath, budget)));
    const { hash, problem } = await outcome;
    return [file, problem ? { problem: { ...problem, path: file } } : { hash }];
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
  const found = await mapBounded(places, PLANNING_CHECKS, async ({ asset, place }) => {
    const problem = await checkContained(files, root, place.path, LIMITS.imageBytes);
    return problem ? [{ ...problem, asset, offset: place.offset, length: place.length }] : [];
  });
  return found.flat();
}

/** An input (an edit image, a mask, a style reference) that is not on disk and that no asset of the manifest makes. */
export interface MissingInput {
  readonly asset: ResolvedAsset;
  readonly written: string;
  readonly offset: number;
  readonly length: number;
}

/** The inputs a run would find missing, for a warning where the manifest names them (nothing is read). */
export async function missingInputs(manifest: ParsedManifest, files: AssetFiles, root: string): Promise<MissingInput[]> {
  const made = new Set(manifest.assets.map((asset) => sameFileKey(asset.outPath)));
  // A style's reference is a place of every asset of that style: said once, where the style names it.
  const seen = new Set<number>();
  const places = manifest.assets.flatMap((asset) =>
    asset.places
      .filter((place) => place.role === 'input' && !made.has(sameFileKey(place.path)) && !seen.has(place.offset) && seen.add(place.offset))
      .map((place) => ({ asset, place })),
  );
  const found = await mapBounded(places, PLANNING_CHECKS, async ({ asset, place }) => {
    const contained = await containPath(root, place.path, files);
    // Refused paths are reported by checkManifestPaths; only a real absence is said here.
    if (!contained.ok || (await files.stat(contained.realPath)) !== undefined) return [];
    return [{ asset, written: place.written, offset: place.offset, length: place.length }];
  });
  return found.flat();
}
