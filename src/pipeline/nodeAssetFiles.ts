/** `AssetFiles` on the local disk through Node's `fs`, for the command line, tests and local workspaces. */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LinkNotFollowedError } from '../core/containment';
import { FileTooLargeError, type AssetFiles } from './containedFiles';
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

/** Reads at most `maxBytes`, from an open handle, so a file growing meanwhile cannot make it read more. */
async function readBounded(file: string, maxBytes: number): Promise<Uint8Array | undefined> {
  let handle;
  try {
    // Non-blocking, so a FIFO put in the file's place after the stat cannot hang the read.
    handle = await fs.open(file, fsConstants.O_NONBLOCK === undefined ? 'r' : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${file} is not a regular file`);
    // One byte more than the size allows tells a file over the limit; only the bytes read are returned.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    // What the file held when it was opened, with no extra read just to find the end; one byte past the limit
    // when it is over it; to the buffer's end when it says it is empty.
    const target = stats.size === 0 || stats.size > maxBytes ? buffer.length : stats.size;
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
  async replace(file, bytes) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = path.join(path.dirname(file), tempNameFor(path.basename(file)));
    try {
      await fs.writeFile(temp, bytes, { flag: 'wx' });
      // rename() replaces in one step: readers see the old file or the new one, never half of one.
      await fs.rename(temp, file);
    } finally {
      await fs.rm(temp, { force: true });
    }
  },
};
