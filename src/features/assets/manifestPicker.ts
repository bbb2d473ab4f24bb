/** Which manifest a command means: the one clicked, the active editor's, the only one, or one picked. */
import * as vscode from 'vscode';
import { isManifest } from './manifestDocuments';
import { showInformation } from '../../platform/notify';

export async function pickManifest(clicked: unknown): Promise<vscode.Uri | undefined> {
  if (clicked instanceof vscode.Uri && isManifest(clicked)) return clicked;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isManifest(active)) return active;
  const found = await vscode.workspace.findFiles('**/*.images.json', '**/node_modules/**', 200);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    void showInformation(
      vscode.l10n.t('There is no *.images.json manifest in this workspace. Create one (for example assets.images.json) listing the images to make.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: vscode.l10n.t('Choose a manifest') },
  );
  return picked?.uri;
}
