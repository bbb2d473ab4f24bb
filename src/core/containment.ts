/**
 * The one rule for every path a repository's file decides (manifest outputs and inputs, recipe sources, lock
 * keys): its real path, symlinks resolved on the part that exists, lies inside the root (the workspace folder,
 * the command line's `--root`). A text check alone is not enough: a committed symlinked folder points anywhere.
 */
import * as path from 'node:path';
import type { Translate } from './translate';

/** Resolves symlinks of a path's existing part; the part that does not exist yet is kept as written. */
export interface RealPaths {
  /**
   * `root` is the folder the path is checked against: a file system that cannot resolve links (a remote one)
   * throws `LinkNotFollowedError` for a link below it rather than guess.
   */
  realPath(file: string, root: string): Promise<string>;
}

export type Containment =
  | { readonly ok: true; readonly realPath: string }
  | { readonly ok: false; readonly reason: 'outside' | 'through-link' | 'unresolvable'; readonly realPath?: string };

/** Whether `file` is `root` itself or below it; both absolute POSIX paths, already normalised. */
export function isInsideFolder(root: string, file: string): boolean {
  const relative = path.posix.relative(root, file);
  return relative === '' || (!relative.startsWith('../') && relative !== '..' && !path.posix.isAbsolute(relative));
}

/** Whether a webview root at `folder` would expose `/`, the home folder, or a folder holding it (POSIX paths). */
export function tooBroadForWebview(folder: string, home: string | undefined): boolean {
  const at = folder.replace(/\/+$/, '') || '/';
  if (at === '/' || /^\/[A-Za-z]:$/.test(at)) return true;
  return home !== undefined && isInsideFolder(at, home);
}

/** Inside the root as text (no `..` or absolute escape), and inside it again once symlinks are resolved. */
export async function containPath(root: string, file: string, paths: RealPaths): Promise<Containment> {
  const lexical = path.posix.resolve(root, file);
  if (!isInsideFolder(root, lexical)) return { ok: false, reason: 'outside' };
  let realRoot: string;
  let realFile: string;
  try {
    [realRoot, realFile] = await Promise.all([paths.realPath(root, root), paths.realPath(lexical, root)]);
  } catch (error) {
    if (error instanceof LinkNotFollowedError) return { ok: false, reason: 'through-link' };
    return { ok: false, reason: 'unresolvable' };
  }
  return isInsideFolder(realRoot, realFile) ? { ok: true, realPath: realFile } : { ok: false, reason: 'outside', realPath: realFile };
}

/** Thrown by a `RealPaths` that cannot follow links (a remote file system): such a path is refused. */
export class LinkNotFollowedError extends Error {
  constructor(readonly file: string) {
    super(`${file} goes through a symbolic link`);
    this.name = 'LinkNotFollowedError';
  }
}

/** The longest file or folder name most file systems take (ext4, APFS, NTFS: 255). */
export const MAX_NAME_BYTES = 255;

/** Whether a name in `file` (either separator) is longer than file systems take. */
export function hasOverlongName(file: string): boolean {
  const encoder = new TextEncoder();
  return file.split(/[\\/]/).some((name) => encoder.encode(name).length > MAX_NAME_BYTES);
}

export type PathRefusal = 'outside' | 'through-link' | 'unresolvable' | 'not-a-file' | 'too-large' | 'not-a-folder' | 'name-too-long';

export interface PathProblem {
  /** The path as the repository's file names it (absolute POSIX). */
  readonly path: string;
  readonly reason: PathRefusal;
  /** For too-large: the limit in bytes. */
  readonly limit?: number;
}

/** "`<path>` <why>": the words every surface uses for a refused path. */
export function describePathProblem(problem: PathProblem, t: Translate, shownPath: string = problem.path): string {
  switch (problem.reason) {
    case 'outside':
      return t('{0} lies outside the workspace folder (after following symbolic links); it is not read, written or sent.', shownPath);
    case 'through-link':
      return t('{0} goes through a symbolic link that cannot be followed safely here; it is not read, written or sent.', shownPath);
    case 'unresolvable':
      return t('{0} could not be resolved to a real location; it is not read, written or sent.', shownPath);
    case 'not-a-file':
      return t('{0} is not a regular file; it is not read or sent.', shownPath);
    case 'too-large':
      return t('{0} is larger than {1} MB, the most the API takes; it is not read or sent.', shownPath, Math.round((problem.limit ?? 0) / (1024 * 1024)));
    case 'not-a-folder':
      return t('{0} cannot be a folder: part of it is a file. Nothing was sent.', shownPath);
    case 'name-too-long':
      return t('{0} has a name longer than {1} bytes, more than file systems take. Nothing was sent.', shownPath, MAX_NAME_BYTES);
  }
}
