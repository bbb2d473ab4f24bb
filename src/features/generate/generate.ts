import * as vscode from 'vscode';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { slugFromPrompt } from '../../core/fileNaming';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPromptWithHistory } from '../requests/promptInput';
import type { Command } from '../../platform/command';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import type { SettingsReader } from '../../platform/settingsReader';
import type { RecentPrompts } from '../requests/recentPrompts';

/** Asks for a prompt (offering recent ones) and writes next to the active file, or in the workspace. */
export function generateCommand(services: {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
}): Command {
  return {
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
