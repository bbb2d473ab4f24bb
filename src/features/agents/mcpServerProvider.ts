/**
 * The image tools for VS Code's own agents: this extension's MCP server (dist/mcp.js), offered through VS Code's
 * MCP server definition provider. The definition carries no key; the key is read from SecretStorage (or asked
 * for) only when VS Code starts the server, and handed to it in its environment, never written to a file. Only
 * the user's own base URL or Azure resource is passed on: a workspace cannot send the key elsewhere.
 */
import * as vscode from 'vscode';
import { AZURE_TOKEN_ENVIRONMENT, compatibleServerFlags, isOpenAIBaseUrl, PROVIDER_CAPABILITIES, providerFlags, type AzureRoute } from '../../core/providers';

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

  /** Says the definitions changed (the base URL, the provider, the workspace folders). */
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
    const azure = userAzureRoute(configuration);
    // Behind the user's own compatible server, what they declared its models take goes along.
    const compatible = () => {
      const declared = configuration.inspect<unknown>('compatibleModels')?.globalValue;
      const model = configuration.inspect<unknown>('compatibleModel')?.globalValue;
      const models = typeof declared === 'object' && declared !== null && !Array.isArray(declared) ? (declared as Record<string, unknown>) : {};
      return compatibleServerFlags(typeof model === 'string' ? model.trim() : '', models);
    };
    const where = azure ? providerFlags(azure) : baseUrl ? ['--base-url', baseUrl, ...(isOpenAIBaseUrl(baseUrl) ? [] : compatible())] : [];
    const args = [script, ...where, ...spendLimit, ...(root?.scheme === 'file' ? ['--root', root.fsPath] : [])];
    // The editor's own runtime runs the script: nothing else need be installed.
    return [new vscode.McpStdioServerDefinition(vscode.l10n.t('OpenAI Images'), process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, this.version)];
  }

  async resolveMcpServerDefinition(server: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition | undefined> {
    const key = await this.apiKey();
    if (!key) return undefined;
    const azure = userAzureRoute(vscode.workspace.getConfiguration('openaiImages'));
    // With Entra ID the key is a token VS Code's sign-in gave: the server sends it as a bearer token, not as a key.
    const variable = azure?.authentication === 'entraId' ? AZURE_TOKEN_ENVIRONMENT : PROVIDER_CAPABILITIES[azure ? 'azure' : 'openai'].keyEnvironment;
    server.env = { ...server.env, ...(await this.ledger()), [variable]: key };
    return server;
  }
}

/**
 * The user's own Azure resource (user settings only, like the base URL), read without zod so activation stays
 * cheap; the server checks each flag again and refuses a wrong one with a message.
 */
function userAzureRoute(configuration: vscode.WorkspaceConfiguration): AzureRoute | undefined {
  const user = <T>(key: string) => configuration.inspect<T>(key)?.globalValue;
  if (user<string>('provider') !== 'azure') return undefined;
  const deployments = user<unknown>('azure.deployments');
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return {
    endpoint: text(user('azure.endpoint')),
    apiVersion: text(user('azure.apiVersion')) || text(configuration.inspect('azure.apiVersion')?.defaultValue),
    deployments:
      typeof deployments === 'object' && deployments !== null && !Array.isArray(deployments)
        ? Object.fromEntries(Object.entries(deployments).flatMap(([model, name]) => (typeof name === 'string' ? [[model, name] as const] : [])))
        : {},
    authentication: user<string>('azure.authentication') === 'entraId' ? 'entraId' : 'apiKey',
  };
}
