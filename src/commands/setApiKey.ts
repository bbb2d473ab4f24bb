import * as vscode from 'vscode';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';
import { showInformation } from '../host/notify';

export function setApiKeyCommand(services: CommandServices): Command {
  return {
    id: CommandIds.setApiKey,
    async execute() {
      const key = await services.keys.ask();
      if (key) void showInformation(vscode.l10n.t('OpenAI API key saved in VS Code\'s secret storage.'));
    },
  };
}
