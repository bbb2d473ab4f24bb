/** The API key, kept only in VS Code's SecretStorage (or read from OPENAI_API_KEY, never stored from it). */
import * as vscode from 'vscode';
import { PLATFORM_LINKS } from '../core/failure';
import type { Logger } from './logger';

const SECRET_ID = 'openaiImages.apiKey';

export class ApiKeyStore {
  private toldAboutEnvironment = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The stored key, else OPENAI_API_KEY, else undefined. Read each time so a key set in another window is used. */
  async get(): Promise<string | undefined> {
    return (await this.find())?.key;
  }

  /** The key and where it came from. */
  async find(): Promise<{ key: string; source: 'storage' | 'environment' } | undefined> {
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(SECRET_ID);
    } catch (error) {
      // Some hosts (code-server, Codespaces) fail to read secrets; asking again beats crashing.
      this.log.warn(`Could not read the stored API key: ${error instanceof Error ? error.message : String(error)}`);
    }
    const key = stored?.trim() || undefined;
    if (key) {
      this.log.addSecret(key);
      return { key, source: 'storage' };
    }
    const fromEnvironment = this.environment.OPENAI_API_KEY?.trim();
    if (fromEnvironment) {
      this.log.addSecret(fromEnvironment);
      if (!this.toldAboutEnvironment) {
        this.toldAboutEnvironment = true;
        this.log.info('No key in secret storage: using OPENAI_API_KEY from the environment.');
      }
      return { key: fromEnvironment, source: 'environment' };
    }
    return undefined;
  }

  async store(key: string): Promise<void> {
    const trimmed = key.trim();
    if (trimmed === '') throw new Error('empty key');
    this.log.addSecret(trimmed);
    await this.secrets.store(SECRET_ID, trimmed);
    this.log.info('API key saved in secret storage.');
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
    this.log.info('API key removed from secret storage.');
  }

  /** The key, asking for one (and storing it) when none is known. Undefined when the user cancels. */
  async getOrAsk(): Promise<string | undefined> {
    return (await this.get()) ?? (await this.ask());
  }

  /** Asks with a password box that links to where keys are made; stores and returns the key. */
  async ask(): Promise<string | undefined> {
    const input = vscode.window.createInputBox();
    input.title = vscode.l10n.t('OpenAI API Key');
    input.prompt = vscode.l10n.t("Paste an OpenAI API key. It is kept in VS Code's secret storage. Create one at {0}", PLATFORM_LINKS.apiKeys);
    input.placeholder = 'sk-...';
    input.password = true;
    input.ignoreFocusOut = true;
    const openPage: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Open the API keys page') };
    input.buttons = [openPage];
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
