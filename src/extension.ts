import './zodConfig';
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ResultsStore } from './core/results';
import { ApiKeyStore } from './host/apiKeyStore';
import { ImageRequestRunner } from './host/imageRequestRunner';
import { Logger } from './host/logger';
import { RecentPrompts } from './host/recentPrompts';
import { loadSavedResults, saveResultsOnChange } from './host/resultsPersistence';
import { SettingsReader } from './host/settingsReader';
import { SpendStatusBar } from './host/spendStatusBar';
import { ImagesPanel, registerPanelSerializer } from './panel/imagesPanel';

export function activate(context: vscode.ExtensionContext): void {
  try {
    const log = new Logger('OpenAI Images');
    const keys = new ApiKeyStore(context.secrets, log);
    const store = new ResultsStore();
    loadSavedResults(store, context.workspaceState);
    const panel = new ImagesPanel(context.extensionUri, store, log);
    const spend = new SpendStatusBar(context.globalState);
    const runner = new ImageRequestRunner({ keys, store, panel, log, spend });
    const settings = new SettingsReader(log);
    const recentPrompts = new RecentPrompts(context.globalState);
    context.subscriptions.push(log, panel, spend, saveResultsOnChange(store, context.workspaceState), registerPanelSerializer(panel), registerCommands({ runner, keys, settings, panel, recentPrompts, log }));
  } catch (error) {
    // VS Code does not show a failed activation to the user; say it, then let VS Code record it.
    void vscode.window.showErrorMessage(vscode.l10n.t('OpenAI Images failed to start: {0}', error instanceof Error ? error.message : String(error)));
    throw error;
  }
}

export function deactivate(): void {}
