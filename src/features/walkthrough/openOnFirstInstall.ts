/**
 * Opens the getting-started walkthrough once, in the first window after the extension is installed. VS Code does
 * this itself only for an extension installed from its Extensions view during the session; `code
 * --install-extension`, a VSIX dropped in before the window started, or a profile set up by a script get nothing.
 * Never after an update: global state an earlier version wrote means the user has been here before, and so does a
 * stored key. VS Code's own switch for it, workbench.welcomePage.walkthroughs.openOnInstall, is respected.
 */
import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from '../../core/walkthroughId';
import { SECRET_IDS } from '../../platform/secretIds';

const OFFERED_KEY = 'openaiImages.walkthrough.offered';

/** What it needs of the extension's context. */
export interface InstallContext {
  readonly globalState: vscode.Memento;
  readonly secrets: Pick<vscode.SecretStorage, 'get'>;
  readonly extensionId: string;
}

export async function openWalkthroughOnFirstInstall(context: InstallContext): Promise<void> {
  const state = context.globalState;
  if (state.get<boolean>(OFFERED_KEY)) return;
  // Read before anything of this activation writes to global state.
  const returning = state.keys().length > 0;
  await state.update(OFFERED_KEY, true);
  if (returning) return;
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return;
  // SecretStorage itself, not ApiKeyStore: activation must not load the rest of the extension.
  for (const id of Object.values(SECRET_IDS)) if (await context.secrets.get(id).then(Boolean, () => false)) return;
  // As VS Code does for its own: behind the editor the user is typing in, in front otherwise.
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extensionId}#${WALKTHROUGH_ID}`, {
    toSide: false,
    inactive: vscode.window.activeTextEditor !== undefined,
  });
}
