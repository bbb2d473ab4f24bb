/**
 * A `TargetFolder` over `workspace.fs`, so remote and virtual workspaces work too. On the local disk the final
 * step is Node's `link()`, which fails when the name exists, so a file created between the check and the write is
 * never replaced. `workspace.fs` has no such step: its `rename(..., { overwrite: false })` checks and then renames,
 * which leaves a window of a few milliseconds in remote and virtual workspaces (see README, Security).
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { nodeTargetFolder } from '../pipeline/nodeTargetFolder';
import { FileExistsError, type TargetFolder } from '../pipeline/targetFolder';

export function workspaceTargetFolder(folder: vscode.Uri): TargetFolder {
  const label = vscode.workspace.asRelativePath(folder, true);
  if (folder.scheme === 'file') {
    const local = nodeTargetFolder(folder.fsPath, label);
    return {
      ...local,
      async write(name, bytes) {
        await fs.mkdir(folder.fsPath, { recursive: true });
        await local.write(name, bytes);
      },
    };
  }
  const at = (name: string) => vscode.Uri.joinPath(folder, name);
  return {
    label,
    async exists(name) {
      try {
        await vscode.workspace.fs.stat(at(name));
        return true;
      } catch {
        return false;
      }
    },
    async write(name, bytes) {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(at(name), bytes);
    },
    async renameNoOverwrite(from, to) {
      try {
        await vscode.workspace.fs.rename(at(from), at(to), { overwrite: false });
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileExists') throw new FileExistsError(to);
        throw error;
      }
    },
    async delete(name) {
      await vscode.workspace.fs.delete(at(name), { useTrash: false });
    },
  };
}
