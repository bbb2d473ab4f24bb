/** Gathers what an edit needs: the images (from the explorer, the image preview or a dialog) and a mask. */
import * as vscode from 'vscode';
import { maskNameFor } from '../../core/fileNaming';
import { LIMITS } from '../../core/problems';
import type { InputImage } from '../../core/requestPlan';
import { showError, showInformation } from '../../platform/notify';

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'];
const IMAGE_PREVIEW = 'imagePreview.previewEditor';

export function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/**
 * Explorer commands get (clicked, allSelected); the editor title gets (resource). The clicked image
 * goes first, then the rest of the selection in its order.
 */
export async function pickImages(
  clicked: unknown,
  selected: unknown,
  dialog: { readonly openLabel: string; readonly title: string } = { openLabel: vscode.l10n.t('Edit'), title: vscode.l10n.t('Choose images to edit') },
): Promise<vscode.Uri[] | undefined> {
  const first = clicked instanceof vscode.Uri ? clicked : undefined;
  const others = Array.isArray(selected) ? selected.filter((item): item is vscode.Uri => item instanceof vscode.Uri) : [];
  if (first) return [first, ...others.filter((uri) => uri.toString() !== first.toString())];
  if (others.length > 0) return others;

  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === IMAGE_PREVIEW) return [input.uri];

  return vscode.window.showOpenDialog({
    canSelectMany: true,
    ...dialog,
    filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
}

/** `stat` first: a FIFO, a device or a folder is never opened, and nothing above the API's limit is read. */
async function readImage(uri: vscode.Uri): Promise<InputImage> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (!(stat.type & vscode.FileType.File)) throw new Error(vscode.l10n.t('{0} is not a regular file.', fileName(uri)));
  if (stat.size > LIMITS.imageBytes)
    throw new Error(vscode.l10n.t('{0} is larger than {1} MB, the most the API takes.', fileName(uri), LIMITS.imageBytes / (1024 * 1024)));
  return { name: fileName(uri), bytes: await vscode.workspace.fs.readFile(uri) };
}

export async function readImages(uris: readonly vscode.Uri[]): Promise<InputImage[] | undefined> {
  try {
    return await Promise.all(uris.map(readImage));
  } catch (error) {
    void showError(vscode.l10n.t('Could not read the image: {0}', error instanceof Error ? error.message : String(error)));
    return undefined;
  }
}

export type MaskChoice = { readonly mask?: vscode.Uri } | 'cancelled';

/** Offers `<name>.mask.png` when it lies beside the image. */
export async function offerSiblingMask(image: vscode.Uri): Promise<MaskChoice> {
  const mask = vscode.Uri.joinPath(image, '..', maskNameFor(fileName(image)));
  try {
    await vscode.workspace.fs.stat(mask);
  } catch {
    return {};
  }
  const useMask = vscode.l10n.t('Use Mask');
  const withoutMask = vscode.l10n.t('Edit Without Mask');
  const choice = await showInformation(
    vscode.l10n.t('{0} lies beside {1}. Use it as the mask? Its transparent pixels mark where to edit.', fileName(mask), fileName(image)),
    { modal: true },
    useMask,
    withoutMask,
  );
  if (choice === useMask) return { mask };
  if (choice === withoutMask) return {};
  return 'cancelled';
}

export async function pickMask(image: vscode.Uri): Promise<MaskChoice> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use as Mask'),
    title: vscode.l10n.t('Choose a PNG mask for {0}', fileName(image)),
    filters: { [vscode.l10n.t('PNG mask')]: ['png'] },
    defaultUri: vscode.Uri.joinPath(image, '..'),
  });
  return picked?.[0] ? { mask: picked[0] } : 'cancelled';
}
