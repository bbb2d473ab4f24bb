/**
 * The entry point VS Code loads: it registers what must exist at once (command ids, the panel's
 * serializer) and loads the rest of the extension (`main.ts`: zod, the openai SDK, everything) only when
 * first needed, or a moment after activation while VS Code is idle. Activation stays near-free; the
 * first command pays the load, which is nothing next to an image request.
 */
import * as vscode from 'vscode';
import { CommandIds } from './core/commandIds';
import type * as Main from './main';
import type { LoadedExtension } from './main';
import { ImagesMcpServerProvider, MCP_PROVIDER_ID } from './features/agents/mcpServerProvider';
import { registerImageTools } from './features/agents/registerImageTools';
import { CANVAS_VIEW_TYPE } from './features/canvas/canvasViewType';
import { CONVERSATION_VIEW_TYPE } from './features/conversation/conversationViewType';
import { PANEL_VIEW_TYPE } from './features/panel/panelViewType';
import { openWalkthroughOnFirstInstall } from './features/walkthrough/openOnFirstInstall';
import { showError } from './platform/notify';

/** Long enough not to compete with the window's own start-up, short enough that CodeLens soon appear. */
const WARM_UP_DELAY_MS = 1500;

export function activate(context: vscode.ExtensionContext): void {
  // First, while global state still shows whether this is a first install.
  openWalkthroughOnFirstInstall({ globalState: context.globalState, secrets: context.secrets, extensionId: context.extension.id }).catch((error: unknown) =>
    console.error('OpenAI Images could not open its walkthrough:', error),
  );
  let loaded: LoadedExtension | undefined;
  const load = (): LoadedExtension => {
    if (loaded) return loaded;
    try {
      // A require, not an import: esbuild then evaluates main.ts and its dependencies only on this call.
      // './zodConfig' is main's first import, so zod is configured before any schema is built.
      const main = require('./main') as typeof Main;
      loaded = main.startExtension(context);
      return loaded;
    } catch (error) {
      // VS Code does not show a failed start to the user; say it, then let VS Code record it.
      void showError(vscode.l10n.t('OpenAI Images failed to start: {0}', error instanceof Error ? error.message : String(error)));
      throw error;
    }
  };
  for (const id of Object.values(CommandIds)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) =>
        load()
          .commands.get(id)
          ?.execute(...args),
      ),
    );
  }
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        load().revivePanel(panel);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(CONVERSATION_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        load().reviveConversation(panel, state);
      },
    }),
    vscode.window.registerCustomEditorProvider(
      CANVAS_VIEW_TYPE,
      {
        openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
        resolveCustomEditor: (document, panel) => load().openCanvas(document.uri, panel),
      },
      // A drawing lives only in the webview until an edit is sent: hiding the tab must not lose it.
      { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: true } },
    ),
  );
  const mcpServers = new ImagesMcpServerProvider(
    context.extensionUri,
    String(context.extension.packageJSON.version ?? ''),
    () => load().apiKey(),
    () => load().agentLedgerEnvironment(),
  );
  context.subscriptions.push(
    mcpServers,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcpServers),
    vscode.workspace.onDidChangeConfiguration(
      (event) =>
        ['baseUrl', 'provider', 'azure', 'agentSpendLimitUsd'].some((key) => event.affectsConfiguration(`openaiImages.${key}`)) && mcpServers.refresh(),
    ),
    vscode.workspace.onDidChangeWorkspaceFolders(() => mcpServers.refresh()),
  );
  context.subscriptions.push(...registerImageTools(() => load().tools));
  const warmUp = setTimeout(() => {
    try {
      load();
    } catch {
      // Already reported by load().
    }
  }, WARM_UP_DELAY_MS);
  // Never keep a process alive for it (the activation benchmark runs activate() in a plain Node process).
  warmUp.unref?.();
  context.subscriptions.push({ dispose: () => clearTimeout(warmUp) });
}

export function deactivate(): void {}
