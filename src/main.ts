import './zodConfig';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { nodeRecovery, RECOVERY_FOLDER } from './pipeline/recovery';
import { c2paResources, ContentCredentialsReader } from './pipeline/contentCredentials';
import { WorkspaceRecipes } from './platform/workspaceRecipes';
import type { Command } from './platform/command';
import { createCommands } from './commandTable';
import { ResultsStore } from './core/results';
import { ApiKeyStore } from './platform/apiKeyStore';
import { EntraSignIn } from './platform/entraSignIn';
import { AssetBatchJobs } from './features/assets/assetBatchJobs';
import { registerAssetCodeLens } from './features/assets/assetCodeLens';
import { AssetJobs } from './features/assets/assetJobs';
import { EditorTracker } from './platform/editorTracker';
import { HistoryFile } from './features/history/historyFile';
import { followHistoryLimit } from './features/history/historyLimit';
import { registerImageDropProvider } from './features/insert/imageDropProvider';
import { ImageRequestRunner } from './features/requests/imageRequestRunner';
import { Logger } from './platform/logger';
import { registerManifestDiagnostics } from './features/assets/manifestDiagnostics';
import { RecentPrompts } from './features/requests/recentPrompts';
import { ResultActions } from './features/history/resultActions';
import { SettingsReader } from './platform/settingsReader';
import { ModelRetirement } from './features/requests/modelRetirement';
import { checkModelInUse, ShutdownWatch } from './features/requests/shutdownWatch';
import { RefusalMemory } from './features/requests/refusalMemory';
import { InFlightRequests } from './features/requests/inFlight';
import { SpendStatusBar } from './features/spend/spendStatusBar';
import { StreamingMemory } from './features/requests/streamingMemory';
import { ImagesPanel } from './features/panel/imagesPanel';
import { CanvasSession } from './features/canvas/canvasSession';
import { CanvasSessions } from './features/canvas/canvasSessions';
import { AgentSpend } from './features/agents/agentSpend';
import { createImageTools, type ImageTools } from './features/agents/imageTools';
import { WindowLedger } from './features/agents/windowLedger';
import { ConversationPanels } from './features/conversation/conversationPanels';
import { ConversationStore } from './features/conversation/conversationStore';
import { ConversationTurns, type ConversationTurnDeps } from './features/conversation/conversationTurns';
import { LanguageModelWriter } from './features/writer/languageModelWriter';
import { Milestones } from './features/walkthrough/milestones';
import { ImageDescriptions } from './features/writer/imageDescriptions';

/** What the light `extension.ts` hands over to once the extension is loaded. */
export interface LoadedExtension {
  readonly commands: ReadonlyMap<string, Command>;
  revivePanel(panel: vscode.WebviewPanel): void;
  /** Shows the edit canvas for an image in a custom editor's webview. */
  openCanvas(image: vscode.Uri, panel: vscode.WebviewPanel): void;
  /** Shows a conversation again in a panel VS Code restored after a reload (`state` is what its webview saved). */
  reviveConversation(panel: vscode.WebviewPanel, state: unknown): void;
  /** The API key, asking for it when there is none (for the MCP server VS Code starts). */
  apiKey(): Promise<string | undefined>;
  /** The language model tools agents in VS Code call. */
  readonly tools: ImageTools;
  /** What hands the window's spending ledger to the MCP server VS Code starts. */
  agentLedgerEnvironment(): Promise<Record<string, string>>;
}

/** The window's one limit for agents: the language model tools' and the MCP server's it starts. */
function agentSpending(context: vscode.ExtensionContext, settings: SettingsReader, log: Logger, keys: ApiKeyStore) {
  const agentSpend = new AgentSpend(() => settings.read().agentSpendLimitUsd);
  // Only an Entra ID token is handed out this way (silently: VS Code refreshes its session); a key never is.
  const freshToken = async () => (keys.usesEntraId() ? keys.get() : undefined);
  const agentLedger = new WindowLedger(agentSpend, log, freshToken);
  context.subscriptions.push(agentLedger);
  return { agentSpend, agentLedger };
}

/**
 * What every route shares to keep what was paid for and learn from the API: the recipe registries, the recovery
 * folder, the shutdowns the API announced (which the retirement notices use), and what it refused to stream or draw.
 */
function keepingServices(context: vscode.ExtensionContext, log: Logger) {
  const shutdowns = new ShutdownWatch(context.globalState, log);
  return {
    shutdowns,
    retirement: new ModelRetirement(context.globalState, log, undefined, () => shutdowns.learned()),
    recipes: new WorkspaceRecipes(),
    recovery: nodeRecovery(path.join(context.globalStorageUri.fsPath, RECOVERY_FOLDER)),
    streaming: new StreamingMemory(),
    refusals: new RefusalMemory(context.globalState),
  };
}

/** The language model that writes prompts and alt text, and the alt texts it keeps (features/writer). */
function writingServices(keys: ApiKeyStore, settings: SettingsReader, spend: SpendStatusBar, log: Logger, recipes: WorkspaceRecipes) {
  const writer = new LanguageModelWriter({ keys, settings, spend, log });
  const descriptions = new ImageDescriptions({ writer, recipes, settings, log });
  const altText = (file: vscode.Uri, prompt: string) => descriptions.altFor(file, prompt);
  return { writer, descriptions, altText };
}

/** Image conversations: the workspace's saved ones, the turns they run, and their panels. */
function conversationServices(
  context: vscode.ExtensionContext,
  deps: Omit<ConversationTurnDeps, 'conversations' | 'results'> & { readonly store: ResultsStore; readonly writer: LanguageModelWriter },
) {
  const conversationStore = new ConversationStore(context.workspaceState);
  const { store, writer, ...rest } = deps;
  const turns = new ConversationTurns({ ...rest, conversations: conversationStore, results: store });
  const conversationPanels = new ConversationPanels({ conversations: conversationStore, turns, log: deps.log, extensionUri: context.extensionUri, writer });
  return { conversationStore, conversationPanels };
}

/**
 * The history, then what this workspace's last window left running when it closed: written whole or not at all,
 * and said so in the history; an image that was written was paid for, so its estimate counts toward the spend.
 */
async function loadHistory(history: HistoryFile, inFlight: InFlightRequests, store: ResultsStore, spend: SpendStatusBar, state: vscode.Memento) {
  await history.load(state);
  for (const entry of await inFlight.settle(store)) if (entry.status === 'done' && entry.estimate) await spend.add(entry.estimate.usd);
}

/** The credential the settings choose (OpenAI key, Azure key, or Entra ID), read again for every request. */
function credentialsFor(context: vscode.ExtensionContext, settings: SettingsReader, log: Logger): ApiKeyStore {
  const route = () => {
    const current = settings.read();
    return { provider: current.provider, authentication: current['azure.authentication'] };
  };
  return new ApiKeyStore(context.secrets, log, process.env, route, new EntraSignIn(log));
}

/**
 * Composes the extension: services, panel, providers and commands. Loaded on first use (a command, a
 * restored panel) or shortly after activation, so activating costs next to nothing (see bench/activation.ts).
 */
export function startExtension(context: vscode.ExtensionContext): LoadedExtension {
  const log = new Logger('OpenAI Images');
  const settings = new SettingsReader(log);
  const keys = credentialsFor(context, settings, log);
  const historyLimit = () => settings.read().historyLimit;
  const store = new ResultsStore(historyLimit());
  const history = new HistoryFile(context.globalStorageUri, store, historyLimit, log);
  const inFlight = new InFlightRequests(context.workspaceState);
  const credentials = new ContentCredentialsReader(c2paResources(context.extensionUri.fsPath));
  const panel = new ImagesPanel(context.extensionUri, context.globalStorageUri, store, log, credentials);
  const spend = new SpendStatusBar(context.globalState);
  const { shutdowns, retirement, recipes, recovery, streaming, refusals } = keepingServices(context, log);
  log.inBackground('Loading the history', loadHistory(history, inFlight, store, spend, context.workspaceState));
  const { writer, descriptions, altText } = writingServices(keys, settings, spend, log, recipes);
  const runner = new ImageRequestRunner({ keys, store, panel, log, spend, streaming, retirement, recipes, recovery, shutdowns, refusals, inFlight, altText });
  const editors = new EditorTracker();
  const actions = new ResultActions({ runner, settings, store, history, editors, log, descriptions });
  const recentPrompts = new RecentPrompts(context.globalState);
  const assets = new AssetJobs({ keys, settings, panel, store, spend, log, recipes, recovery, descriptions });
  const batches = new AssetBatchJobs({ keys, settings, spend, log, recipes, recovery });
  const canvases = new CanvasSessions();
  const { conversationStore, conversationPanels } = conversationServices(context, { store, settings, keys, spend, retirement, log, recipes, recovery, writer });
  context.subscriptions.push(
    log,
    history,
    panel,
    spend,
    editors,
    conversationStore,
    conversationPanels,
    panel.onDidRequestAction((request) => log.inBackground(`The panel's ${request.type}`, actions.handle(request))),
    followHistoryLimit(store, settings),
    registerImageDropProvider(store, (file) => descriptions.recorded(file)),
    registerManifestDiagnostics(log),
    registerAssetCodeLens(),
  );
  log.inBackground('Looking for pending batch jobs', batches.remindPending());
  log.inBackground('Looking up the shutdown of the model in use', checkModelInUse(keys, settings, shutdowns));
  const { agentSpend, agentLedger } = agentSpending(context, settings, log, keys);
  const milestones = new Milestones(context.globalState, log, context.extension.id);
  context.subscriptions.push(milestones);
  log.inBackground('Following the walkthrough', milestones.start(keys, store));
  return {
    commands: createCommands({
      runner,
      keys,
      settings,
      panel,
      recentPrompts,
      log,
      assets,
      batches,
      canvases,
      conversationStore,
      conversationPanels,
      extensionUri: context.extensionUri,
      recipes,
      credentials,
      recovery,
      writer,
      descriptions,
      milestones,
      extensionId: context.extension.id,
    }),
    tools: createImageTools({ runner, settings, store, recipes, spend: agentSpend }),
    agentLedgerEnvironment: () => agentLedger.environment(),
    revivePanel: (webviewPanel) => panel.revive(webviewPanel),
    reviveConversation: (webviewPanel, state) => conversationPanels.revive(webviewPanel, state),
    apiKey: () => keys.getOrAsk(),
    // Each canvas disposes itself with its tab.
    openCanvas: (image, webviewPanel) =>
      canvases.add(new CanvasSession(webviewPanel, image, context.extensionUri, { runner, settings, recentPrompts, store, log, credentials })),
  };
}
