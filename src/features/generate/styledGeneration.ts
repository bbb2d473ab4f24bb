/**
 * One of the workspace's style kits (from its manifests) applied to an ad hoc image: the prompt composed with the
 * style's words exactly as a manifest asset's would be, its settings over the user's, and its anchor and
 * references sent as input images. Shared by Generate with Style... and Generate Image...'s style entry.
 */
import * as vscode from 'vscode';
import { composePrompt } from '../../core/assets/styleKit';
import { slugFromPrompt } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import type { Settings } from '../../core/settings';
import { showError, showInformation } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPrompt } from '../requests/promptInput';
import type { RecentPrompts } from '../requests/recentPrompts';
import { readReferences, workspaceStyles, type WorkspaceStyle } from './workspaceStyles';

export interface StyledGenerationServices {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
}

/** What the caller already knows: the prompt (else it is asked after the style), the styles (else looked up). */
export interface StyledGenerationStart {
  readonly prompt?: string;
  readonly styles?: readonly WorkspaceStyle[];
}

async function pickStyle(styles: readonly WorkspaceStyle[]): Promise<WorkspaceStyle | undefined> {
  const picked = await vscode.window.showQuickPick(
    styles.map((found) => ({
      label: found.style.name,
      description: vscode.workspace.asRelativePath(found.manifest),
      detail: found.style.brief,
      found,
    })),
    { title: vscode.l10n.t('Generate with Style'), placeHolder: vscode.l10n.t('Choose a style kit') },
  );
  return picked?.found;
}

export async function generateStyled(services: StyledGenerationServices, start: StyledGenerationStart): Promise<vscode.Uri[] | undefined> {
  const styles = start.styles ?? (await workspaceStyles());
  if (styles.length === 0) {
    void showInformation(vscode.l10n.t('No manifest (*.images.json) in this workspace defines "styles".'));
    return;
  }
  const found = await pickStyle(styles);
  if (!found) return;
  const prompt = start.prompt ?? (await askPrompt({ title: vscode.l10n.t('Generate with Style "{0}"', found.style.name) }));
  if (!prompt) return;
  const references = await readReferences(found);
  if (!references.ok) {
    void showError(references.message);
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const user = services.settings.read(editor?.document.uri);
  const settings = { ...user, ...found.style.options } as Settings;
  const sent = composePrompt(prompt, found.style, references.images.length > 0);
  const stem = slugFromPrompt(prompt);
  const location = await chooseOutputLocation(editor?.document.uri, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
  if (!location) return;
  await services.recentPrompts.remember(prompt);
  const origin = editor?.document.uri;
  return references.images.length > 0
    ? services.runner.run({ kind: 'edit', prompt: sent, settings, images: references.images, location, stem, sources: references.uris, origin })
    : services.runner.run({ kind: 'generate', prompt: sent, settings, location, stem, origin });
}
