/** What a user can do with a written image, from the notification or the panel. */
import * as vscode from 'vscode';
import { markdownImageLink } from '../core/markdownLink';

export async function openFile(file: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', file);
}

export async function revealFile(file: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('revealInExplorer', file);
}

export async function copyPath(file: vscode.Uri): Promise<void> {
  await vscode.env.clipboard.writeText(file.scheme === 'file' ? file.fsPath : file.toString());
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the path of {0}', vscode.workspace.asRelativePath(file)), 3000);
}

/** Relative to the active Markdown-ish document if there is one, else to the file's workspace folder. */
export function markdownLinkFor(file: vscode.Uri, prompt: string): string {
  const active = vscode.window.activeTextEditor?.document.uri;
  const base =
    active && active.scheme === file.scheme && active.authority === file.authority
      ? vscode.Uri.joinPath(active, '..')
      : (vscode.workspace.getWorkspaceFolder(file)?.uri ?? vscode.Uri.joinPath(file, '..'));
  return markdownImageLink(base.path, file.path, prompt);
}

export async function copyMarkdownLink(file: vscode.Uri, prompt: string): Promise<void> {
  await vscode.env.clipboard.writeText(markdownLinkFor(file, prompt));
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied a Markdown link to {0}', vscode.workspace.asRelativePath(file)), 3000);
}
