/**
 * The folders an agent's tool calls may touch (the MCP client's roots, or --root) and the paths inside them. A
 * path the agent names is resolved against the first root, followed through links, and refused when it ends up
 * outside every root: a model's path is untrusted input like a repository's.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { containPath, describePathProblem, hasOverlongName, type PathProblem } from '../core/containment';
import { outputFormatFromExtension } from '../core/outputFiles';
import type { OutputFormat } from '../core/modelCatalogue';
import { englishTranslate } from '../core/translate';
import { folderWritableProblem, readContained } from '../pipeline/containedFiles';
import { nodeAssetFiles } from '../pipeline/nodeAssetFiles';

export class RefusedPath extends Error {}

export interface OutputTarget {
  /** The real folder to write into, inside `root`. */
  readonly folder: string;
  readonly root: string;
  /** File name without extension, when the path named a file. */
  readonly stem?: string;
  /** The format the path's extension names. */
  readonly format?: OutputFormat;
}

function refuse(problem: PathProblem): never {
  throw new RefusedPath(describePathProblem(problem, englishTranslate));
}

/** The root a path is meant in: the one holding it when it is absolute, else the first. */
function rootFor(roots: readonly string[], file: string): string {
  if (path.isAbsolute(file)) return roots.find((root) => file === root || file.startsWith(root.endsWith('/') ? root : `${root}/`)) ?? roots[0]!;
  return roots[0]!;
}

/**
 * Where a tool call writes: a folder (the path ends in /) or a file name in a folder, inside a root. The folder is
 * made only when `create` says so (a search never makes one).
 */
export async function outputTarget(roots: readonly string[], wanted: string, create = true): Promise<OutputTarget> {
  const root = rootFor(roots, wanted);
  const isFolder = /[/\\]$/.test(wanted);
  const folderPath = isFolder ? wanted : path.dirname(wanted);
  if (hasOverlongName(wanted)) refuse({ path: wanted, reason: 'name-too-long' });
  const contained = await containPath(root, folderPath === '' ? '.' : folderPath, nodeAssetFiles);
  if (!contained.ok) refuse({ path: folderPath, reason: contained.reason });
  const problem = await folderWritableProblem(nodeAssetFiles, contained.realPath);
  if (problem) refuse({ path: folderPath, reason: problem });
  // Created only once the longest existing part is known to be inside the root: what is made is inside too.
  if (create) await fs.mkdir(contained.realPath, { recursive: true });
  if (isFolder) return { folder: contained.realPath, root };
  const name = path.basename(wanted);
  const format = outputFormatFromExtension(name);
  return { folder: contained.realPath, root, stem: format ? name.slice(0, name.lastIndexOf('.')) : name, format };
}

/** An input file's bytes, from inside a root. */
export async function readInput(roots: readonly string[], file: string): Promise<{ readonly path: string; readonly bytes: Uint8Array }> {
  const root = rootFor(roots, file);
  const read = await readContained(nodeAssetFiles, root, file);
  if (!read.ok) refuse(read.problem);
  if (!read.bytes) throw new RefusedPath(`${file} does not exist.`);
  return { path: path.resolve(root, file), bytes: read.bytes };
}

/** A path as the agent should see it: relative to the root it is in. */
export function shownPath(roots: readonly string[], file: string): string {
  const root = roots.find((each) => file.startsWith(`${each}/`));
  return root ? path.relative(root, file).split(path.sep).join('/') : file;
}
