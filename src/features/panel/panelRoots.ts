import * as os from 'node:os';
import * as vscode from 'vscode';
import { tooBroadForWebview } from '../../core/containment';

/**
 * The extension's media and script, the thumbnail cache, the workspace folders, and the folders of shown
 * images outside them; nothing else, and never the home folder, `/` or a folder above them (a webview may read
 * anything under its roots): a shown image in such a folder, or a workspace opened there, gives the files
 * themselves as roots instead. Whole folders rather than each image where they are safe: changing the roots
 * reloads the webview, which took 1.5 s (2 MB image) to 4.7 s (20 MB) for the first image in a new folder.
 */
export function panelResourceRoots(extensionUri: vscode.Uri, ownFolders: readonly vscode.Uri[], shownFiles: readonly string[]): vscode.Uri[] {
  const roots = new Map<string, vscode.Uri>();
  const add = (uri: vscode.Uri) => roots.set(uri.toString(), uri);
  const broadFolders = new Set((vscode.workspace.workspaceFolders ?? []).filter((folder) => tooBroad(folder.uri)).map((folder) => folder.uri.toString()));
  for (const folder of vscode.workspace.workspaceFolders ?? []) if (!broadFolders.has(folder.uri.toString())) add(folder.uri);
  for (const file of shownFiles) {
    const uri = vscode.Uri.parse(file);
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
    if (workspaceFolder && !broadFolders.has(workspaceFolder.uri.toString())) continue;
    const folder = vscode.Uri.joinPath(uri, '..');
    add(tooBroad(folder) ? uri : folder);
  }
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), ...ownFolders, ...roots.values()];
}

/** `/`, the home folder, or a folder that holds it: too much to let a webview read. */
function tooBroad(folder: vscode.Uri): boolean {
  return tooBroadForWebview(folder.path, folder.scheme === 'file' ? vscode.Uri.file(os.homedir()).path : undefined);
}
