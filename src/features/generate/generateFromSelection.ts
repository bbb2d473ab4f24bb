import * as vscode from 'vscode';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { slugFromPrompt } from '../../core/fileNaming';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPrompt } from '../requests/promptInput';
import type { Command } from '../../platform/command';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import type { SettingsReader } from '../../platform/settingsReader';
import type { RecentPrompts } from '../requests/recentPrompts';

/** The selected text (all selections, in document order) is the prompt; with none, ask. */
export function generateFromSelectionCommand(services: {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
}): Command {
  return {
    async execute() {
      const editor = vscode.window.activeTextEditor;
      const document = editor?.document;
      const selected = (editor?.selections ?? [])
        .filter((selection) => !selection.isEmpty)
        .sort((a, b) => a.start.compareTo(b.start))
        .map((selection) => document?.getText(selection).trim() ?? '')
        .filter((text) => text !== '');
      let prompt: string | undefined = selected.join('\n');
      if (prompt === '') {
        const currentLine = editor && document ? document.lineAt(editor.selection.active.line).text.trim() : '';
        prompt = await askPrompt({ title: vscode.l10n.t('Generate Image from Selection'), value: currentLine });
        if (!prompt) return;
      }
      const settings = services.settings.read(document?.uri);
      const stem = slugFromPrompt(prompt);
      const location = await chooseOutputLocation(document?.uri, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
      if (!location) return;
      await services.recentPrompts.remember(prompt);
      return services.runner.run({ kind: 'generate', prompt, settings, location, stem, origin: document?.uri });
    },
  };
}
