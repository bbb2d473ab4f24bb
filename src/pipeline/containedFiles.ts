/**
 * Every read and write a repository's file asks for, under the one containment rule: the path's real location
 * lies inside the root, a file is `stat`ed before it is read (a FIFO or `/dev/zero` is never opened for
 * reading), and no read is larger than the limit it is read for.
 */
import { containPath, hasOverlongName, type PathProblem, type RealPaths } from '../core/containment';

export type { PathProblem } from '../core/containment';
import { LIMITS } from '../core/problems';

export interface FileInfo {
  readonly kind: 'file' | 'directory' | 'other';
  readonly size: number;
}

/** The file operations assets need, on absolute POSIX paths. */
export interface AssetFiles extends RealPaths {
  /** What is at the path (links followed), or undefined when nothing is. */
  stat(file: string): Promise<FileInfo | undefined>;
  /** At most `maxBytes` (throws when the file holds more), or undefined when there is no such file. */
  read(file: string, maxBytes: number): Promise<Uint8Array | undefined>;
  /** Writes to a temporary sibling (creating folders), then replaces `file` in one rename. */
  replace(file: string, bytes: Uint8Array): Promise<void>;
  /**
   * Optional, for planning thousands of small files on a local disk: reads, synchronously, a file whose folder's
   * real path is known, in one open (no realpath or stat of its own), refusing to follow its last part when that
   * is a link ('link': the caller then resolves it the general way). Callers read in batches and yield between.
   */
  readUnlinkedSync?(file: string, maxBytes: number): UnlinkedRead;
}

export type UnlinkedRead = { readonly kind: 'file'; readonly bytes: Uint8Array } | { readonly kind: 'missing' | 'link' | 'not-a-file' | 'too-large' };

export type ContainedRead = { readonly ok: true; readonly bytes: Uint8Array | undefined } | { readonly ok: false; readonly problem: PathProblem };

/** The largest file a manifest, a lock file or a history file of ours can sensibly be. */
export const TEXT_FILE_LIMIT = 16 * 1024 * 1024;

/** Reads a file the repository names: undefined bytes when it does not exist, a problem when it may not be read. */
export async function readContained(files: AssetFiles, root: string, file: string, maxBytes: number = LIMITS.imageBytes): Promise<ContainedRead> {
  const contained = await containPath(root, file, files);
  if (!contained.ok) return { ok: false, problem: { path: file, reason: contained.reason } };
  return readResolved(files, contained.realPath, maxBytes, file);
}

/** Reads a real path already found inside the root: `stat`, then a bounded read. `file` names it in a problem. */
export async function readResolved(files: AssetFiles, realPath: string, maxBytes: number, file: string = realPath): Promise<ContainedRead> {
  const info = await files.stat(realPath);
  if (!info) return { ok: true, bytes: undefined };
  if (info.kind !== 'file') return { ok: false, problem: { path: file, reason: 'not-a-file' } };
  if (info.size > maxBytes) return { ok: false, problem: { path: file, reason: 'too-large', limit: maxBytes } };
  try {
    return { ok: true, bytes: await files.read(realPath, maxBytes) };
  } catch (error) {
    // The file grew past the limit between stat and read.
    if (error instanceof FileTooLargeError) return { ok: false, problem: { path: file, reason: 'too-large', limit: maxBytes } };
    throw error;
  }
}

/** Why a file the repository names may not be read, without reading it; undefined when it may (or is missing). */
export async function checkContained(files: AssetFiles, root: string, file: string, maxBytes: number = LIMITS.imageBytes): Promise<PathProblem | undefined> {
  const contained = await containPath(root, file, files);
  if (!contained.ok) return { path: file, reason: contained.reason };
  const info = await files.stat(contained.realPath);
  if (info && info.kind !== 'file') return { path: file, reason: 'not-a-file' };
  if (info && info.size > maxBytes) return { path: file, reason: 'too-large', limit: maxBytes };
  return undefined;
}

/** Where a file the repository names may be written: its real path, or why not. */
export async function writableContained(
  files: AssetFiles,
  root: string,
  file: string,
): Promise<{ readonly ok: true; readonly realPath: string } | { readonly ok: false; readonly problem: PathProblem }> {
  const contained = await containPath(root, file, files);
  if (!contained.ok) return { ok: false, problem: { path: file, reason: contained.reason } };
  const info = await files.stat(contained.realPath);
  if (info && info.kind !== 'file') return { ok: false, problem: { path: file, reason: 'not-a-file' } };
  return { ok: true, realPath: contained.realPath };
}

export class FileTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly limit: number,
  ) {
    super(`${file} is larger than ${limit} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Runs `work` over `items` with at most `limit` at once, so memory stays bounded by `limit` files. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Whether a folder can be written into, asked before anything is paid for: no part of it that exists is a file
 * (`README.md/sub/`), and no name in it is longer than file systems take. The common write failures then cost nothing.
 */
export async function folderWritableProblem(files: Pick<AssetFiles, 'stat'>, realFolder: string): Promise<'not-a-folder' | 'name-too-long' | undefined> {
  if (hasOverlongName(realFolder)) return 'name-too-long';
  let current = realFolder;
  for (let depth = 0; depth < 256; depth++) {
    const info = await files.stat(current);
    if (info) return info.kind === 'directory' ? undefined : 'not-a-folder';
    const cut = Math.max(current.lastIndexOf('/'), current.lastIndexOf('\\'));
    if (cut <= 0) return undefined;
    current = current.slice(0, cut);
  }
  return undefined;
}
