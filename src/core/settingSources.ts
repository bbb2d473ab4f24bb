/**
 * Which of a setting's values counts. VS Code merges default < user < workspace < folder; we refuse the
 * workspace and folder layers where a repository could use them against the user.
 */
import { SPENDING_LIMIT_SETTINGS, USER_ONLY_SETTINGS, WORKSPACE_MAY_ONLY_CHOOSE, type SettingKey } from './settings';

/** The layers `WorkspaceConfiguration.inspect()` reports (language-specific layers are not used here). */
export interface SettingLayers {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/**
 * The value to use, or undefined for the default. Settings that decide where the key goes are read from
 * user settings only; in an untrusted (Restricted Mode) workspace every setting is.
 */
export function effectiveValue(key: SettingKey, layers: SettingLayers | undefined, workspaceTrusted: boolean): unknown {
  if (!layers) return undefined;
  if (SPENDING_LIMIT_SETTINGS.includes(key)) return spendingLimit(layers, workspaceTrusted);
  const allowed = WORKSPACE_MAY_ONLY_CHOOSE[key];
  if (allowed !== undefined) return usersChoice(layers, workspaceTrusted, allowed);
  if (!workspaceTrusted || USER_ONLY_SETTINGS.includes(key)) return layers.globalValue;
  return layers.workspaceFolderValue ?? layers.workspaceValue ?? layers.globalValue;
}

function isLimit(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * A spending limit is the user's: their own value (or the default) holds, and a workspace may only make it
 * stricter. A repository's `.vscode/settings.json` raising it to 1000 changes nothing.
 */
function spendingLimit(layers: SettingLayers, workspaceTrusted: boolean): unknown {
  const own = layers.globalValue !== undefined ? layers.globalValue : layers.defaultValue;
  if (!workspaceTrusted || !isLimit(own)) return own;
  const stricter = [layers.workspaceValue, layers.workspaceFolderValue].filter(isLimit);
  return Math.min(own, ...stricter);
}

/**
 * The user's own call: their value (or the default) holds, and a trusted workspace may only ask for `allowed`
 * (`local`: nothing stored at OpenAI; `keep`: Content Credentials kept). A repository cannot turn storing on for
 * someone who turned it off, nor strip the credentials of a user who keeps them.
 */
function usersChoice(layers: SettingLayers, workspaceTrusted: boolean, allowed: string): unknown {
  const own = layers.globalValue !== undefined ? layers.globalValue : layers.defaultValue;
  if (!workspaceTrusted) return own;
  return [layers.workspaceValue, layers.workspaceFolderValue].includes(allowed) ? allowed : own;
}
