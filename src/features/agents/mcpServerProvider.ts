/**
 * The image tools for VS Code's own agents: this extension's MCP server (dist/mcp.js), offered through VS Code's
 * MCP server definition provider. The definition carries no key; the key is read from SecretStorage (or asked
 * for) only when VS Code starts the server, and handed to it in its environment, never written to a file. Only
 * the user's own base URL is passed on: a workspace cannot send the key elsewhere.
 */
import * as vscode from 'vscode';

/** The id package.json contributes under `mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'openaiImages.mcpServer';

export class ImagesMcpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly version: string,
    /** The key, asking the user when there is none; undefined when they do not give one. */
    private readonly apiKey: () => Promise<string | undefined>,
    /** What hands the window's spending ledger to the server, so it shares the language model tools' limit. */
    private readonly ledger: () => Promise<Record<string, string>> = async () => ({}),
  ) {}

  /** Says the definitions changed (the base URL, the workspace folders). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'mcp.js').fsPath;
    const configuration = vscode.workspace.getConfiguration('openaiImages');
    const baseUrl = configuration.inspect<string>('baseUrl')?.globalValue?.trim() ?? '';
    // The user's own limit for agents; without one the server keeps its default (the setting's default).
    const limit = configuration.inspect<unknown>('agentSpendLimitUsd')?.globalValue;
    const spendLimit = typeof limit === 'number' && Number.isFinite(limit) && limit >= 0 ? ['--spend-limit-usd', String(limit)] : [];
    // VS Code's MCP client offers the workspace folders as roots; --root is for a client that does not.
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const args = [script, ...(baseUrl ? ['--base-url', baseUrl] : []), ...spendLimit, ...(root?.scheme === 'file' ? ['--root', root.fsPath] : [])];
    // The editor's own runtime runs the script: nothing else need be installed.
    return [new vscode.McpStdioServerDefinition(vscode.l10n.t('OpenAI Images'), process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, this.version)];
  }

  async resolveMcpServerDefinition(server: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition | undefined> {
    const key = await this.apiKey();
    if (!key) return undefined;
    server.env = { ...server.env, ...(await this.ledger()), OPENAI_API_KEY: key };
    return server;
  }
}
