import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import type { ApiKeyStore } from '../../platform/apiKeyStore';

export function clearApiKeyCommand(services: { readonly keys: ApiKeyStore }): Command {
  return {
    async execute() {
      await services.keys.clear();
      const note = process.env.OPENAI_API_KEY
        ? vscode.l10n.t('OpenAI API key removed. OPENAI_API_KEY is still set in the environment and will be used.')
        : vscode.l10n.t('OpenAI API key removed.');
      void showInformation(note);
    },
  };
}
