/** `AssetFiles` on the local disk through Node's `fs`, for the command line, tests and local workspaces. */
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readSync } from 'node:fs';
import * as path from 'node:path';
import { LinkNotFollowedError } from '../core/containment';
import { FileTooLargeError, type AssetFiles, type UnlinkedRead } from './containedFiles';
import { tempNameFor } from '../core/fileNaming';

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The real path of the longest existing prefix, with the rest appended as written. */
export async function nodeRealPath(file: string): Promise<string> {
  const rest: string[] = [];
  let current = file;
  for (;;) {
    try {
      return toPosix(path.join(await fs.realpath(current), ...rest.reverse()));
    } catch (error) {
      if (!isMissing(error)) throw error;
      // A link whose target does not exist: writing through it would create the target, wherever it is.
      if (
        await fs.lstat(current).then(
          (stats) => stats.isSymbolicLink(),
          () => false,
        )
      )
        throw new LinkNotFollowedError(file);
      const parent = path.dirname(current);
      if (parent === current) return file;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** Non-blocking, so a FIFO put in the file's place after a stat cannot hang the read. */
const READ_FLAGS = fsConstants.O_NONBLOCK === undefined ? fsConstants.O_RDONLY : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

/** A buffer one byte past `maxBytes` (which tells a file is over it) and how far to read into it. */
function readTarget(size: number, maxBytes: number): { readonly buffer: Buffer; readonly target: number } {
  const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
  // No extra read just to find the end; to the buffer's end when the file says it is empty (/proc-like files).
  return { buffer, target: size === 0 || size > maxBytes ? buffer.length : size };
}

/** Reads at most `maxBytes`, from an open handle, so a file growing meanwhile cannot make it read more. */
async function readBounded(file: string, maxBytes: number): Promise<Uint8Array | undefined> {
  let handle;
  try {
    handle = await fs.open(file, READ_FLAGS);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${file} is not a regular file`);
    const { buffer, target } = readTarget(stats.size, maxBytes);
    let length = 0;
    while (length < target) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new FileTooLargeError(file, maxBytes);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** The last part is a link: O_NOFOLLOW makes open fail with ELOOP (EMLINK on the BSDs). */
function isLink(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ELOOP' || code === 'EMLINK';
}

/**
 * One open, one fstat, one read, all synchronous: for a small file in the page cache that is a tenth of what the
 * thread pool's round trips cost, so thousands are planned in a fraction of the time. The same refusals as
 * stat-then-read, and the last part is never followed when it is a link.
 */
function readUnlinkedSync(file: string, maxBytes: number): UnlinkedRead {
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS | fsConstants.O_NOFOLLOW);
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' };
    if (isLink(error)) return { kind: 'link' };
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not-a-file' };
    if (stats.size > maxBytes) return { kind: 'too-large' };
    const { buffer, target } = readTarget(stats.size, maxBytes);
    let length = 0;
    while (length < target) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > maxBytes ? { kind: 'too-large' } : { kind: 'file', bytes: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/** Creates `file` (never replacing one), and its folders only when they are missing: the common case costs one open. */
async function writeNew(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await fs.writeFile(file, bytes, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, bytes, { flag: 'wx' });
  }
}

export const nodeAssetFiles: AssetFiles = {
  realPath: (file) => nodeRealPath(file),
  async stat(file) {
    try {
      const stats = await fs.stat(file);
      return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  read: readBounded,
  // Windows has no O_NOFOLLOW: there every file takes the general way.
  ...(fsConstants.O_NOFOLLOW === undefined ? {} : { readUnlinkedSync }),
  async replace(file, bytes) {
    const temp = path.join(path.dirname(file), tempNameFor(path.basename(file)));
    try {
      await writeNew(temp, bytes);
      // rename() replaces in one step: readers see the old file or the new one, never half of one.
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  },
};
