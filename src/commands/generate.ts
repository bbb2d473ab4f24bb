import * as vscode from 'vscode';
import { OUTPUT_EXTENSIONS } from '../core/outputFiles';
import { slugFromPrompt } from '../core/fileNaming';
import { chooseOutputLocation } from '../host/outputLocation';
import { askPromptWithHistory } from '../host/promptInput';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** Asks for a prompt (offering recent ones) and writes next to the active file, or in the workspace. */
export function generateCommand(services: CommandServices): Command {
  return {
    id: CommandIds.generate,
    async execute() {
      const prompt = await askPromptWithHistory(vscode.l10n.t('Generate Image'), services.recentPrompts);
      if (!prompt) return;
      const source = vscode.window.activeTextEditor?.document.uri;
      const settings = services.settings.read(source);
      const stem = slugFromPrompt(prompt);
      const location = await chooseOutputLocation(source, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
      if (!location) return;
      await services.recentPrompts.remember(prompt);
      return services.runner.run({ kind: 'generate', prompt, settings, location, stem });
    },
  };
}
