/**
 * Every file a manifest names, checked and hashed for planning: each path once, under the containment rule.
 * Small plain files in resolved folders are read directly; the rest are `stat`ed before they are read, a few at a time.
 */
import { sha256 } from '../core/assets/assetLock';
import { sameFileKey, type ParsedManifest, type ResolvedAsset } from '../core/assets/manifestParse';
import * as path from 'node:path';
import { containPath, isInsideFolder, type RealPaths } from '../core/containment';
import { LIMITS } from '../core/problems';
import { ByteBudget } from './byteBudget';
import { checkContained, FileTooLargeError, mapBounded, type AssetFiles, type PathProblem, type UnlinkedRead } from './containedFiles';

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

/** Files larger than this are read the general way, asynchronously and within the byte budget. */
const DIRECT_READ_BYTES = 4 * 1024 * 1024;
/** Direct reads between two turns of the event loop, so an extension or MCP host goes on answering meanwhile. */
const DIRECT_BATCH = 256;

/** What a direct read decides; undefined when the general way must decide (a link, a large file). */
function directOutcome(found: UnlinkedRead, realPath: string): Outcome | undefined {
  switch (found.kind) {
    case 'file':
      return { hash: sha256(found.bytes) };
    case 'missing':
      return {};
    case 'not-a-file':
      return { problem: { path: realPath, reason: 'not-a-file' } };
    case 'link':
    case 'too-large':
      return undefined;
  }
}

/**
 * Thousands of files share a few folders: each folder's real path is resolved once, and a file that is not itself
 * a link lies where that says, so it is read directly, in one open. What is a link, large, or in a folder that
 * leaves the root is left (`rest`) for the general way. `byReal` gets each outcome under the file's real path.
 */
async function readDirect(
  paths: readonly string[],
  root: string,
  realPaths: RealPaths,
  read: NonNullable<AssetFiles['readUnlinkedSync']>,
  byReal: Map<string, Promise<Outcome>>,
): Promise<{ readonly found: ReadonlyMap<string, Outcome>; readonly rest: readonly string[] }> {
  const lexicals = paths.map((file) => path.posix.resolve(root, file));
  const folderNames = [...new Set(lexicals.map((lexical) => path.posix.dirname(lexical)))].filter((folder) => isInsideFolder(root, folder));
  const resolved = await mapBounded(folderNames, PLANNING_CHECKS, (folder) => containPath(root, folder, realPaths));
  const folders = new Map(folderNames.map((folder, index) => [folder, resolved[index]!]));
  const found = new Map<string, Outcome>();
  const seen = new Map<string, Outcome>();
  const rest: string[] = [];
  for (const [index, file] of paths.entries()) {
    if (index > 0 && index % DIRECT_BATCH === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const lexical = lexicals[index]!;
    const folder = folders.get(path.posix.dirname(lexical));
    const realPath = folder?.ok ? path.posix.join(folder.realPath, path.posix.basename(lexical)) : undefined;
    const outcome = realPath === undefined ? undefined : (seen.get(realPath) ?? directOutcome(read(realPath, DIRECT_READ_BYTES), realPath));
    if (!realPath || !outcome) {
      rest.push(file);
      continue;
    }
    seen.set(realPath, outcome);
    found.set(file, outcome);
  }
  for (const [realPath, outcome] of seen) byReal.set(realPath, Promise.resolve(outcome));
  return { found, rest };
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

/** Checks and hashes every output and edit input of a manifest, for planning. */
export async function inspectManifestFiles(manifest: ParsedManifest, files: AssetFiles, root: string): Promise<ManifestFiles> {
  const paths = [...new Set(manifest.assets.flatMap((asset) => asset.places.map((place) => place.path)))];
  // The root's real path once, not once per file.
  let realRoot: Promise<string> | undefined;
  const realPaths: RealPaths = { realPath: (file, base) => (file === root ? (realRoot ??= files.realPath(root, base)) : files.realPath(file, base)) };
  const budget = new ByteBudget(PLANNING_BYTES);
  // Each real file is read once, however many names (links to `.`, `a/../a`) lead to it.
  const byReal = new Map<string, Promise<Outcome>>();
  const once = (realPath: string, read: () => Promise<Outcome>): Promise<Outcome> => {
    let outcome = byReal.get(realPath);
    if (!outcome) byReal.set(realPath, (outcome = read()));
    return outcome;
  };
  const general = async (file: string): Promise<Outcome> => {
    const containment = await containPath(root, file, realPaths);
    if (!containment.ok) return { problem: { path: file, reason: containment.reason } };
    return once(containment.realPath, () => hashReal(files, containment.realPath, budget));
  };
  const readSync = files.readUnlinkedSync?.bind(files);
  const direct = readSync ? await readDirect(paths, root, realPaths, readSync, byReal) : { found: new Map<string, Outcome>(), rest: paths };
  const rest = await mapBounded(direct.rest, PLANNING_CHECKS, async (file): Promise<readonly [string, Outcome]> => [file, await general(file)]);
  const outcomes = [...direct.found, ...rest].map(([file, { hash, problem }]): readonly [string, Outcome] => [
    file,
    problem ? { problem: { ...problem, path: file } } : { hash },
  ]);
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
