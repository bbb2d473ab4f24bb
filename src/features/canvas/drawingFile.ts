/**
 * The drawing kept beside the image (`<name>.mask.png` or `<name>.markup.png`): found when the canvas opens, so
 * the drawing can be continued, and written when an edit is sent, asking before another drawing is replaced.
 */
import * as vscode from 'vscode';
import { drawingNameFor } from '../../core/fileNaming';
import { LIMITS } from '../../core/problems';
import type { DrawingMode } from '../../core/canvas/drawing';
import { fileName } from '../edit/editInputs';
import { showWarning } from '../../platform/notify';

export function drawingFileFor(image: vscode.Uri, mode: DrawingMode): vscode.Uri {
  return vscode.Uri.joinPath(image, '..', drawingNameFor(fileName(image), mode));
}

/** The regular file there, if any: a folder, a link or anything else is never read nor replaced. */
async function regularFile(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  const stat = await vscode.workspace.fs.stat(uri).then(undefined, () => undefined);
  return stat && stat.type === vscode.FileType.File ? stat : undefined;
}

/** The drawing kept beside an image: the mask first (the edit every model takes), then a markup overlay. */
export async function findDrawing(image: vscode.Uri): Promise<{ mode: DrawingMode; uri: vscode.Uri } | undefined> {
  for (const mode of ['mask', 'markup'] as const) {
    const uri = drawingFileFor(image, mode);
    const stat = await regularFile(uri);
    if (stat && stat.size <= LIMITS.imageBytes) return { mode, uri };
  }
  return undefined;
}

export type SaveOutcome = { readonly saved: vscode.Uri } | 'not-saved' | 'cancelled';

/**
 * Writes the drawing beside the image. The same bytes already there are left alone; other bytes, or anything that
 * is not a regular file, are replaced only when the user says so ("Edit Without Saving" keeps the old file).
 */
export async function saveDrawing(image: vscode.Uri, mode: DrawingMode, bytes: Uint8Array): Promise<SaveOutcome> {
  const target = drawingFileFor(image, mode);
  const existing = await vscode.workspace.fs.stat(target).then(undefined, () => undefined);
  if (existing) {
    if (existing.type === vscode.FileType.File && existing.size === bytes.byteLength && Buffer.from(await vscode.workspace.fs.readFile(target)).equals(bytes))
      return { saved: target };
    if (existing.type !== vscode.FileType.File) {
      void showWarning(vscode.l10n.t('{0} is not a regular file, so the drawing was not saved there.', fileName(target)));
      return 'not-saved';
    }
    const replace = vscode.l10n.t('Replace');
    const withoutSaving = vscode.l10n.t('Edit Without Saving');
    const choice = await showWarning(
      vscode.l10n.t('{0} already exists. Replace it with this drawing?', fileName(target)),
      { modal: true, detail: vscode.l10n.t('The drawing is kept beside the image so the edit can be repeated or continued.') },
      replace,
      withoutSaving,
    );
    if (choice === undefined) return 'cancelled';
    if (choice === withoutSaving) return 'not-saved';
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  return { saved: target };
}
