/**
 * "Set Up for Other Agents...": shows, and copies, what Claude Code, Codex or Cursor need to run this extension's
 * MCP server. Nothing is written into their configuration, and the text never holds the key.
 */
import * as vscode from 'vscode';
import { agentSetup, type AgentClient } from '../../core/agentSetup';
import { azureRouteOf } from '../../core/providers';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import type { SettingsReader } from '../../platform/settingsReader';

interface ClientItem extends vscode.QuickPickItem {
  readonly client: AgentClient;
}

export function setUpOtherAgentsCommand(services: { readonly extensionUri: vscode.Uri; readonly settings: SettingsReader }): Command {
  return {
    async execute() {
      const items: ClientItem[] = [
        { client: 'claude-code', label: 'Claude Code', detail: vscode.l10n.t('A command to run in a terminal') },
        { client: 'codex', label: 'Codex', detail: vscode.l10n.t('A table to add to {0}', '~/.codex/config.toml') },
        { client: 'cursor', label: 'Cursor', detail: vscode.l10n.t('An entry to add to {0}', '.cursor/mcp.json') },
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Set Up for Other Agents'),
        placeHolder: vscode.l10n.t('Which agent should get the image tools?'),
      });
      if (!picked) return;
      const settings = services.settings.read();
      const setup = agentSetup(picked.client, {
        script: vscode.Uri.joinPath(services.extensionUri, 'dist', 'mcp.js').fsPath,
        baseUrl: settings.baseUrl,
        azure: azureRouteOf(settings),
        spendLimitUsd: settings.agentSpendLimitUsd,
      });
      await vscode.env.clipboard.writeText(setup.text);
      const document = await vscode.workspace.openTextDocument({ language: setup.language, content: setup.text });
      await vscode.window.showTextDocument(document, { preview: true });
      void showInformation(
        vscode.l10n.t(
          'Copied the set-up for {0} ({1}). It holds no key: the agent passes its own {2} to the server. It sets a longer tool timeout where the agent has one (Codex, Claude Code); the server also sends progress, which keeps a call alive only in clients that reset their timeout on it. The path names this version of the extension; run this command again after an update.',
          picked.label,
          setup.destination,
          settings.provider === 'azure' ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY',
        ),
      );
    },
  };
}
