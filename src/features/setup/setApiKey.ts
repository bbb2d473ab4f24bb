import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import type { ApiKeyStore } from '../../platform/apiKeyStore';

export function setApiKeyCommand(services: { readonly keys: ApiKeyStore }): Command {
  return {
    async execute() {
      const key = await services.keys.ask();
      if (key) void showInformation(vscode.l10n.t("OpenAI API key saved in VS Code's secret storage."));
    },
  };
}
