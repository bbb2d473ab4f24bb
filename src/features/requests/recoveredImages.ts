/** Save As... for images kept in recovery: the user picks where each goes, then it leaves recovery. */
import * as vscode from 'vscode';
import { discardRecovered, intendedName } from '../../pipeline/recovery';
import type { Logger } from '../../platform/logger';
import { showInformation } from '../../platform/notify';

/** Asks where to save each recovered image; returns the files saved. */
export async function saveRecoveredImages(files: readonly string[], log: Logger): Promise<vscode.Uri[]> {
  const saved: vscode.Uri[] = [];
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  for (const file of files) {
    const name = intendedName(file);
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save Recovered Image'),
      defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
      saveLabel: vscode.l10n.t('Save'),
    });
    if (!target) break;
    // The save dialog has asked about replacing an existing file; the bytes are copied exactly as recovered.
    await vscode.workspace.fs.copy(vscode.Uri.file(file), target, { overwrite: true });
    await discardRecovered(file);
    log.info(`recovered image saved to ${target.toString()}`);
    saved.push(target);
  }
  if (saved.length > 0) void showInformation(vscode.l10n.t('Saved {0}', saved.map((uri) => vscode.workspace.asRelativePath(uri)).join(', ')));
  return saved;
}
