import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import type { ApiKeyStore } from '../../platform/apiKeyStore';

/** Removes the stored key of the provider the settings choose, and says what will still be used. */
export function clearApiKeyCommand(services: { readonly keys: ApiKeyStore }): Command {
  return {
    async execute() {
      if (services.keys.usesEntraId()) {
        void showInformation(vscode.l10n.t('Microsoft Entra ID is used and this extension stores no token: sign out in VS Code’s Accounts menu.'));
        return;
      }
      await services.keys.clear();
      const azure = services.keys.provider() === 'azure';
      const environment = azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
      const removed = azure ? vscode.l10n.t('Azure OpenAI key removed.') : vscode.l10n.t('OpenAI API key removed.');
      const note = process.env[environment] ? vscode.l10n.t('{0} {1} is still set in the environment and will be used.', removed, environment) : removed;
      void showInformation(note);
    },
  };
}
