import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import type { ApiKeyStore } from '../../platform/apiKeyStore';

/** Asks for the key of the provider the settings choose; with Entra ID, signs in through VS Code instead. */
export function setApiKeyCommand(services: { readonly keys: ApiKeyStore }): Command {
  return {
    async execute() {
      const entraId = services.keys.usesEntraId();
      const azure = services.keys.provider() === 'azure';
      const key = await services.keys.ask();
      if (!key) return;
      void showInformation(
        entraId
          ? vscode.l10n.t('Signed in with Microsoft Entra ID. VS Code keeps the session; this extension stores no token.')
          : azure
            ? vscode.l10n.t("Azure OpenAI key saved in VS Code's secret storage.")
            : vscode.l10n.t("OpenAI API key saved in VS Code's secret storage."),
      );
    },
  };
}
