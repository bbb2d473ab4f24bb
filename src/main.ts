import './zodConfig';
import * as vscode from 'vscode';
import type { Command } from './commands/command';
import { createCommands } from './commands';
import { ResultsStore } from './core/results';
import { SETTINGS_SECTION } from './core/settings';
import { ApiKeyStore } from './host/apiKeyStore';
import { AssetBatchJobs } from './host/assetBatchJobs';
import { registerAssetCodeLens } from './host/assetCodeLens';
import { AssetJobs } from './host/assetJobs';
import { EditorTracker } from './host/editorTracker';
import { HistoryFile } from './host/historyFile';
import { registerImageDropProvider } from './host/imageDropProvider';
import { ImageRequestRunner } from './host/imageRequestRunner';
import { Logger } from './host/logger';
import { registerManifestDiagnostics } from './host/manifestDiagnostics';
import { RecentPrompts } from './host/recentPrompts';
import { ResultActions } from './host/resultActions';
import { SettingsReader } from './host/settingsReader';
import { ModelRetirement } from './host/modelRetirement';
import { SpendStatusBar } from './host/spendStatusBar';
import { StreamingMemory } from './host/streamingMemory';
import { ImagesPanel } from './panel/imagesPanel';

/** What the light `extension.ts` hands over to once the extension is loaded. */
export interface LoadedExtension {
  readonly commands: ReadonlyMap<string, Command>;
  revivePanel(panel: vscode.WebviewPanel): void;
}

/**
 * Composes the extension: services, panel, providers and commands. Loaded on first use (a command, a
 * restored panel) or shortly after activation, so activating costs next to nothing (see bench/activation.ts).
 */
export function startExtension(context: vscode.ExtensionContext): LoadedExtension {
  const log = new Logger('OpenAI Images');
  const settings = new SettingsReader(log);
  const keys = new ApiKeyStore(context.secrets, log);
  const historyLimit = () => settings.read().historyLimit;
  const store = new ResultsStore(historyLimit());
  const history = new HistoryFile(context.globalStorageUri, store, historyLimit, log);
  void history.load(context.workspaceState);
  const panel = new ImagesPanel(context.extensionUri, store, log);
  const spend = new SpendStatusBar(context.globalState);
  const retirement = new ModelRetirement(context.globalState, log);
  const runner = new ImageRequestRunner({ keys, store, panel, log, spend, streaming: new StreamingMemory(), retirement });
  const editors = new EditorTracker();
  const actions = new ResultActions({ runner, settings, store, history, editors, log });
  const recentPrompts = new RecentPrompts(context.globalState);
  const assets = new AssetJobs({ keys, settings, panel, store, spend, log });
  const batches = new AssetBatchJobs({ keys, settings, spend, log });
  context.subscriptions.push(
    log,
    history,
    panel,
    spend,
    editors,
    panel.onDidRequestAction((request) => void actions.handle(request)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.historyLimit`)) store.setLimit(historyLimit());
    }),
    registerImageDropProvider(store),
    registerManifestDiagnostics(log),
    registerAssetCodeLens(),
  );
  void batches.remindPending().catch((error: unknown) => log.warn(`Could not look for pending batch jobs: ${error instanceof Error ? error.message : String(error)}`));
  return {
    commands: createCommands({ runner, keys, settings, panel, recentPrompts, log, assets, batches }),
    revivePanel: (webviewPanel) => panel.revive(webviewPanel),
  };
}
