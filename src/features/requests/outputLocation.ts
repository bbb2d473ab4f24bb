/** Decides the folder (and, after a save dialog, the name) for new images. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { resolveInside } from '../../core/outputFolder';
import type { Settings } from '../../core/settings';
import { showError } from '../../platform/notify';

export interface OutputLocation {
  readonly folder: vscode.Uri;
  /** Set when the user picked a name in a save dialog. */
  readonly stem?: string;
}

/**
 * `outputFolder` inside the source's workspace folder when set; else next to the source; else the first
 * workspace folder; else wherever a save dialog says. Undefined when the user cancels or the setting is bad.
 */
export async function chooseOutputLocation(
  source: vscode.Uri | undefined,
  settings: Settings,
  suggestedStem: string,
  extension: string,
): Promise<OutputLocation | undefined> {
  const hasFile = source !== undefined && source.scheme !== 'untitled';
  const root = (source && vscode.workspace.getWorkspaceFolder(source)) ?? vscode.workspace.workspaceFolders?.[0];

  if (settings.outputFolder.trim() !== '' && root) {
    const resolved = resolveInside(root.uri.path, settings.outputFolder);
    if (resolved === undefined) {
      void showError(vscode.l10n.t('openaiImages.outputFolder must be a relative path inside the workspace folder: {0}', settings.outputFolder));
      return undefined;
    }
    return { folder: root.uri.with({ path: resolved }) };
  }
  if (hasFile) return { folder: vscode.Uri.joinPath(source, '..') };
  if (root) return { folder: root.uri };

  const picked = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(`${os.homedir()}/${suggestedStem}.${extension}`),
    filters: { [vscode.l10n.t('Images')]: [extension] },
    title: vscode.l10n.t('Save Generated Image'),
  });
  if (!picked) return undefined;
  const name = picked.path.split('/').pop() ?? suggestedStem;
  const dot = name.lastIndexOf('.');
  return { folder: vscode.Uri.joinPath(picked, '..'), stem: dot > 0 ? name.slice(0, dot) : name };
}
