import * as vscode from 'vscode';
import { composePrompt } from '../../core/assets/styleKit';
import { slugFromPrompt } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import type { Settings } from '../../core/settings';
import type { Command } from '../../platform/command';
import { showInformation, showError } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPrompt } from '../requests/promptInput';
import type { RecentPrompts } from '../requests/recentPrompts';
import { readReferences, workspaceStyles } from './workspaceStyles';

/** The selected text (all selections, in order), or undefined when nothing is selected. */
function selectedText(editor: vscode.TextEditor | undefined): string | undefined {
  const text = (editor?.selections ?? [])
    .filter((selection) => !selection.isEmpty)
    .sort((a, b) => a.start.compareTo(b.start))
    .map((selection) => editor!.document.getText(selection).trim())
    .filter((part) => part !== '')
    .join('\n');
  return text === '' ? undefined : text;
}

/**
 * Generate with Style...: one of the workspace's style kits (from its manifests) applied to an ad hoc image: the
 * selection (or a prompt asked for) composed with the style's words exactly as a manifest asset would be, its
 * settings over the user's, and its anchor and references sent as input images.
 */
export function generateWithStyleCommand(services: {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
}): Command {
  return {
    async execute() {
      const styles = await workspaceStyles();
      if (styles.length === 0) {
        void showInformation(vscode.l10n.t('No manifest (*.images.json) in this workspace defines "styles".'));
        return;
      }
      const picked = await vscode.window.showQuickPick(
        styles.map((found) => ({
          label: found.style.name,
          description: vscode.workspace.asRelativePath(found.manifest),
          detail: found.style.brief,
          found,
        })),
        { title: vscode.l10n.t('Generate with Style'), placeHolder: vscode.l10n.t('Choose a style kit') },
      );
      if (!picked) return;
      const editor = vscode.window.activeTextEditor;
      const prompt = selectedText(editor) ?? (await askPrompt({ title: vscode.l10n.t('Generate with Style "{0}"', picked.found.style.name) }));
      if (!prompt) return;
      const references = await readReferences(picked.found);
      if (!references.ok) {
        void showError(references.message);
        return;
      }
      const user = services.settings.read(editor?.document.uri);
      const settings = { ...user, ...picked.found.style.options } as Settings;
      const sent = composePrompt(prompt, picked.found.style, references.images.length > 0);
      const stem = slugFromPrompt(prompt);
      const location = await chooseOutputLocation(editor?.document.uri, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
      if (!location) return;
      await services.recentPrompts.remember(prompt);
      const origin = editor?.document.uri;
      return references.images.length > 0
        ? services.runner.run({ kind: 'edit', prompt: sent, settings, images: references.images, location, stem, sources: references.uris, origin })
        : services.runner.run({ kind: 'generate', prompt: sent, settings, location, stem, origin });
    },
  };
}
