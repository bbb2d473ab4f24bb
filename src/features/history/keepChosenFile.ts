/**
 * Count > 1 as a choice: on a result with several images, "Keep Only This" keeps the one chosen and moves the
 * others to the trash (from where they can be restored: they were paid for). The history entry then holds the
 * chosen file only.
 */
import * as vscode from 'vscode';
import type { ResultEntry, ResultsStore } from '../../core/results';
import type { Logger } from '../../platform/logger';
import { showInformation, showWarning } from '../../platform/notify';

export async function keepChosenFile(entry: ResultEntry, chosen: vscode.Uri, deps: { readonly store: ResultsStore; readonly log: Logger }): Promise<void> {
  const others = entry.files.filter((file) => file !== chosen.toString());
  if (others.length === entry.files.length || others.length === 0) return;
  const moveToTrash = vscode.l10n.t('Keep It, Move Others to Trash');
  const choice = await showWarning(
    vscode.l10n.t('Keep {0} and move the other {1} image(s) of this request to the trash?', vscode.workspace.asRelativePath(chosen), others.length),
    { modal: true, detail: vscode.l10n.t('They can be restored from the trash.') },
    moveToTrash,
  );
  if (choice !== moveToTrash) return;
  const kept: string[] = [];
  for (const file of others) {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.parse(file), { useTrash: true });
      deps.log.info(`Moved ${file} to the trash (not chosen).`);
    } catch (error) {
      // Not moved: it stays on disk and in the entry, never deleted outright.
      deps.log.warn(`Could not move ${file} to the trash: ${error instanceof Error ? error.message : String(error)}`);
      kept.push(file);
    }
  }
  const current = deps.store.get(entry.id) ?? entry;
  deps.store.put({ ...current, files: [chosen.toString(), ...kept] });
  void showInformation(
    kept.length === 0
      ? vscode.l10n.t('Kept {0}; {1} other image(s) moved to the trash.', vscode.workspace.asRelativePath(chosen), others.length)
      : vscode.l10n.t('Kept {0}; {1} image(s) could not be moved to the trash and are still there.', vscode.workspace.asRelativePath(chosen), kept.length),
  );
}
