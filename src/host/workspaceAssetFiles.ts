/** `AssetFiles` through `workspace.fs`, so manifests work in remote and virtual workspaces too. */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AssetFiles } from '../pipeline/assetRunner';

/** Absolute POSIX paths of the core, on the file system of `base` (its scheme and authority). */
export function workspaceAssetFiles(base: vscode.Uri): AssetFiles {
  const at = (file: string) => base.with({ path: file });
  return {
    async read(file) {
      try {
        return await vscode.workspace.fs.readFile(at(file));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      }
    },
    async replace(file, bytes) {
      const target = at(file);
      await vscode.workspace.fs.createDirectory(at(path.posix.dirname(file)));
      const temp = at(path.posix.join(path.posix.dirname(file), `.${path.posix.basename(file)}.${randomUUID()}.tmp`));
      try {
        await vscode.workspace.fs.writeFile(temp, bytes);
        // Replacing is what a stale asset needs; the plan decided it may (or the user confirmed it).
        await vscode.workspace.fs.rename(temp, target, { overwrite: true });
      } finally {
        await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      }
    },
  };
}
