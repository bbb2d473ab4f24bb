/**
 * "Show Recovered Images": the paid images that could not be written where they were meant to go, kept in the
 * extension's storage until the user saves each one somewhere or discards it.
 */
import * as vscode from 'vscode';
import { discardRecovered, intendedName, listRecovered, type RecoveredImage, type Recovery } from '../../pipeline/recovery';
import type { Command } from '../../platform/command';
import { openFile } from '../../platform/fileActions';
import type { Logger } from '../../platform/logger';
import { showInformation, showWarning } from '../../platform/notify';
import { saveRecoveredImages } from '../requests/recoveredImages';

interface RecoveredItem extends vscode.QuickPickItem {
  readonly image: RecoveredImage;
}

async function act(image: RecoveredImage, log: Logger): Promise<void> {
  const save = vscode.l10n.t('Save As...');
  const open = vscode.l10n.t('Open');
  const discard = vscode.l10n.t('Discard');
  const choice = await showInformation(
    vscode.l10n.t('{0} was meant for {1}.', intendedName(image.file), image.intended),
    { modal: true, detail: vscode.l10n.t('It could not be written there: {0}', image.reason) },
    save,
    open,
    discard,
  );
  if (choice === save) await saveRecoveredImages([image.file], log);
  if (choice === open) await openFile(vscode.Uri.file(image.file));
  if (choice === discard) {
    const sure = vscode.l10n.t('Discard Image');
    const confirmed = await showWarning(
      vscode.l10n.t('Discard {0}? It was paid for and cannot be brought back.', intendedName(image.file)),
      { modal: true },
      sure,
    );
    if (confirmed === sure) {
      await discardRecovered(image.file);
      log.info(`recovered image discarded: ${image.file}`);
    }
  }
}

export function showRecoveryCommand(services: { readonly recovery: Recovery; readonly log: Logger }): Command {
  return {
    async execute() {
      const images = await listRecovered(services.recovery.directory);
      if (images.length === 0) {
        void showInformation(vscode.l10n.t('No images are waiting in recovery.'));
        return;
      }
      const picked = await vscode.window.showQuickPick<RecoveredItem>(
        images.map((image) => ({
          label: intendedName(image.file),
          description: new Date(image.keptAt).toLocaleString(),
          detail: vscode.l10n.t('Meant for {0}: {1}', image.intended, image.reason),
          image,
        })),
        { title: vscode.l10n.t('Recovered Images'), placeHolder: vscode.l10n.t('Choose an image to save, open or discard') },
      );
      if (picked) await act(picked.image, services.log);
    },
  };
}
