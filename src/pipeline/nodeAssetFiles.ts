/** `AssetFiles` on the local disk through Node's `fs`, for the command line and tests. */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AssetFiles } from './assetRunner';

export const nodeAssetFiles: AssetFiles = {
  async read(file) {
    try {
      return await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async replace(file, bytes) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
    try {
      await fs.writeFile(temp, bytes);
      // rename() replaces in one step: readers see the old file or the new one, never half of one.
      await fs.rename(temp, file);
    } finally {
      await fs.rm(temp, { force: true });
    }
  },
};
