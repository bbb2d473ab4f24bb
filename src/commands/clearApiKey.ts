import * as vscode from 'vscode';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';
import { showInformation } from '../host/notify';

export function clearApiKeyCommand(services: CommandServices): Command {
  return {
    id: CommandIds.clearApiKey,
    async execute() {
      await services.keys.clear();
      const note = process.env.OPENAI_API_KEY
        ? vscode.l10n.t('OpenAI API key removed. OPENAI_API_KEY is still set in the environment and will be used.')
        : vscode.l10n.t('OpenAI API key removed.');
      void showInformation(note);
    },
  };
}
