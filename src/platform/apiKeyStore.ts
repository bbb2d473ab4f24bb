/**
 * The credential of the provider the settings choose: an OpenAI key or an Azure key, each kept only in VS Code's
 * SecretStorage under its own entry (or read from the environment, never stored from it), or with Entra ID a token
 * VS Code's Microsoft sign-in gives, never stored by us.
 */
import * as vscode from 'vscode';
import { PLATFORM_LINKS } from '../core/failure';
import { PROVIDER_CAPABILITIES, type AzureAuthentication, type ProviderId } from '../core/providers';
import type { EntraSignIn } from './entraSignIn';
import type { Logger } from './logger';
import { SECRET_IDS } from './secretIds';

/** Which credential the settings ask for. */
export interface CredentialRoute {
  readonly provider: ProviderId;
  readonly authentication: AzureAuthentication;
}

export type CredentialSource = 'storage' | 'environment' | 'entraId';

const OPENAI_ROUTE: CredentialRoute = { provider: 'openai', authentication: 'apiKey' };

export class ApiKeyStore {
  private readonly toldAboutEnvironment = new Set<string>();
  private readonly storedListeners = new Set<() => void>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly environment: NodeJS.ProcessEnv = process.env,
    private readonly route: () => CredentialRoute = () => OPENAI_ROUTE,
    private readonly entra?: EntraSignIn,
  ) {}

  provider(): ProviderId {
    return this.route().provider;
  }

  /** Whether the credential is an Entra ID token rather than a key. */
  usesEntraId(): boolean {
    const route = this.route();
    return route.provider === 'azure' && route.authentication === 'entraId';
  }

  /** The stored key, else OPENAI_API_KEY, else undefined. Read each time so a key set in another window is used. */
  async get(): Promise<string | undefined> {
    return (await this.find())?.key;
  }

  /** The key (or token) and where it came from; nobody is asked. */
  async find(): Promise<{ key: string; source: CredentialSource } | undefined> {
    if (this.usesEntraId()) {
      const token = await this.entra?.token(false);
      return token ? { key: token, source: 'entraId' } : undefined;
    }
    const { provider } = this.route();
    const environmentName = PROVIDER_CAPABILITIES[provider].keyEnvironment;
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(SECRET_IDS[provider]);
    } catch (error) {
      // Some hosts (code-server, Codespaces) fail to read secrets; asking again beats crashing.
      this.log.warn(`Could not read the stored API key: ${error instanceof Error ? error.message : String(error)}`);
    }
    const key = stored?.trim() || undefined;
    if (key) {
      this.log.addSecret(key);
      return { key, source: 'storage' };
    }
    const fromEnvironment = this.environment[environmentName]?.trim();
    if (fromEnvironment) {
      this.log.addSecret(fromEnvironment);
      if (!this.toldAboutEnvironment.has(environmentName)) {
        this.toldAboutEnvironment.add(environmentName);
        this.log.info(`No key in secret storage: using ${environmentName} from the environment.`);
      }
      return { key: fromEnvironment, source: 'environment' };
    }
    return undefined;
  }

  async store(key: string): Promise<void> {
    const trimmed = key.trim();
    if (trimmed === '') throw new Error('empty key');
    this.log.addSecret(trimmed);
    const { provider } = this.route();
    await this.secrets.store(SECRET_IDS[provider], trimmed);
    this.log.info(`${PROVIDER_CAPABILITIES[provider].label} API key saved in secret storage.`);
    for (const listener of this.storedListeners) listener();
  }

  /** Called after each key is stored (the walkthrough's first step). */
  onDidStore(listener: () => void): { dispose(): void } {
    this.storedListeners.add(listener);
    return { dispose: () => void this.storedListeners.delete(listener) };
  }

  /** Removes the chosen provider's stored key (an Entra ID session is VS Code's, signed out in its Accounts menu). */
  async clear(): Promise<void> {
    const { provider } = this.route();
    await this.secrets.delete(SECRET_IDS[provider]);
    this.log.info(`${PROVIDER_CAPABILITIES[provider].label} API key removed from secret storage.`);
  }

  /** The key, asking for one (and storing it) when none is known; with Entra ID, VS Code's sign-in. Undefined when the user cancels. */
  async getOrAsk(): Promise<string | undefined> {
    if (this.usesEntraId()) return this.entra?.token(true);
    return (await this.get()) ?? (await this.ask());
  }

  /** Asks with a password box that links to where keys are made; stores and returns the key. */
  async ask(): Promise<string | undefined> {
    if (this.usesEntraId()) return this.entra?.token(true);
    const azure = this.route().provider === 'azure';
    const input = vscode.window.createInputBox();
    input.title = azure ? vscode.l10n.t('Azure OpenAI API Key') : vscode.l10n.t('OpenAI API Key');
    input.prompt = azure
      ? vscode.l10n.t("Paste a key of your Azure OpenAI resource (Keys and Endpoint in the Azure portal). It is kept in VS Code's secret storage.")
      : vscode.l10n.t("Paste an OpenAI API key. It is kept in VS Code's secret storage. Create one at {0}", PLATFORM_LINKS.apiKeys);
    input.placeholder = azure ? '' : 'sk-...';
    input.password = true;
    input.ignoreFocusOut = true;
    const openPage: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Open the API keys page') };
    // An Azure key's page is inside the user's own resource in the portal: there is no one link to it.
    input.buttons = azure ? [] : [openPage];
    const key = await new Promise<string | undefined>((resolve) => {
      input.onDidTriggerButton(() => void vscode.env.openExternal(vscode.Uri.parse(PLATFORM_LINKS.apiKeys)));
      input.onDidChangeValue(() => (input.validationMessage = undefined));
      input.onDidAccept(() => {
        if (input.value.trim() === '') {
          input.validationMessage = vscode.l10n.t('The key cannot be empty.');
          return;
        }
        resolve(input.value.trim());
        input.hide();
      });
      input.onDidHide(() => resolve(undefined));
      input.show();
    });
    input.dispose();
    if (!key) return undefined;
    await this.store(key);
    return key;
  }
}
