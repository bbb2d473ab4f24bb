/**
 * `AssetFiles` through `workspace.fs`, so manifests work in remote and virtual workspaces too. On the local
 * disk links are resolved with Node's `realpath`; a file system that cannot say where a link points (remote,
 * virtual) refuses any path that goes through one below the root.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LinkNotFollowedError } from '../core/containment';
import { tempNameFor } from '../core/fileNaming';
import { FileTooLargeError, type AssetFiles } from '../pipeline/containedFiles';
import { nodeAssetFiles, nodeRealPath } from '../pipeline/nodeAssetFiles';

function isNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

async function statOrUndefined(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Absolute POSIX paths of the core, on the file system of `base` (its scheme and authority). */
export function workspaceAssetFiles(base: vscode.Uri): AssetFiles {
  const at = (file: string) => base.with({ path: file });
  const local = base.scheme === 'file';
  return {
    async realPath(file, root) {
      if (local) return vscode.Uri.file(await nodeRealPath(at(file).fsPath)).path;
      // Each existing step below the root must not be a link: there is no way to ask where it points.
      const relative = path.posix.relative(root, file);
      let current = root;
      for (const part of relative === '' ? [] : relative.split('/')) {
        current = path.posix.join(current, part);
        const stat = await statOrUndefined(at(current));
        if (!stat) break;
        if (stat.type & vscode.FileType.SymbolicLink) throw new LinkNotFollowedError(file);
      }
      return file;
    },
    async stat(file) {
      if (local) return nodeAssetFiles.stat(at(file).fsPath);
      const stat = await statOrUndefined(at(file));
      if (!stat) return undefined;
      return { kind: stat.type & vscode.FileType.File ? 'file' : stat.type & vscode.FileType.Directory ? 'directory' : 'other', size: stat.size };
    },
    async read(file, maxBytes) {
      if (local) return nodeAssetFiles.read(at(file).fsPath, maxBytes);
      try {
        const bytes = await vscode.workspace.fs.readFile(at(file));
        if (bytes.length > maxBytes) throw new FileTooLargeError(file, maxBytes);
        return bytes;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async replace(file, bytes) {
      const target = at(file);
      await vscode.workspace.fs.createDirectory(at(path.posix.dirname(file)));
      const temp = at(path.posix.join(path.posix.dirname(file), tempNameFor(path.posix.basename(file))));
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
