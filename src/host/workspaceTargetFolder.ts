/** A `TargetFolder` over `workspace.fs`, so remote and virtual workspaces work too. */
import * as vscode from 'vscode';
import { FileExistsError, type TargetFolder } from '../pipeline/targetFolder';

export function workspaceTargetFolder(folder: vscode.Uri): TargetFolder {
  const at = (name: string) => vscode.Uri.joinPath(folder, name);
  return {
    label: vscode.workspace.asRelativePath(folder, true),
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
