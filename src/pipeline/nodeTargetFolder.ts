/** A `TargetFolder` on the local disk through Node's `fs`, for the command line and tests. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileExistsError, type TargetFolder } from './targetFolder';

export function nodeTargetFolder(directory: string, label = directory): TargetFolder {
  const at = (name: string) => path.join(directory, name);
  return {
    label,
    async exists(name) {
      return fs.access(at(name)).then(
        () => true,
        () => false,
      );
    },
    async write(name, bytes) {
      // `wx`: a temporary name that exists (or a link put there) is never written through.
      await fs.writeFile(at(name), bytes, { flag: 'wx' });
    },
    async renameNoOverwrite(from, to) {
      // link() fails with EEXIST instead of replacing, which rename() would silently do on POSIX.
      try {
        await fs.link(at(from), at(to));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(to);
        throw error;
      }
      await fs.unlink(at(from));
    },
    async delete(name) {
      await fs.rm(at(name), { force: true });
    },
  };
}
