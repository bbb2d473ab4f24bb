import * as vscode from 'vscode';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { slugFromPrompt } from '../../core/fileNaming';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPromptWithHistory } from '../requests/promptInput';
import type { Command } from '../../platform/command';
import { generateStyled, type StyledGenerationServices } from './styledGeneration';
import { workspaceStyles } from './workspaceStyles';
import { writeThenGenerate, type WritePromptServices } from './writePrompt';

/**
 * Asks for a prompt (offering recent ones, a language model to write it, and the workspace's style kits when it has
 * any) and writes next to the active file, or in the workspace.
 */
export function generateCommand(services: StyledGenerationServices & WritePromptServices): Command {
  return {
    async execute() {
      // Looked up while the prompt is typed; a workspace whose manifests cannot be read just offers no style.
      const styles = workspaceStyles().catch(() => []);
      const answer = await askPromptWithHistory(
        vscode.l10n.t('Generate Image'),
        services.recentPrompts,
        styles.then((found) => found.length > 0),
      );
      if (!answer) return;
      if (answer.withWriter) return writeThenGenerate(services, answer.prompt);
      if (answer.withStyle) return generateStyled(services, { prompt: answer.prompt, styles: await styles });
      const prompt = answer.prompt;
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
