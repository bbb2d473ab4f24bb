/**
 * Which of a setting's values counts. VS Code merges default < user < workspace < folder; we refuse the
 * workspace and folder layers where a repository could use them against the user.
 */
import { KEY_ROUTING_SETTINGS, PRIVACY_SETTINGS, SPENDING_LIMIT_SETTINGS, type SettingKey } from './settings';

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
  if (PRIVACY_SETTINGS.includes(key)) return privacyChoice(layers, workspaceTrusted);
  if (!workspaceTrusted || KEY_ROUTING_SETTINGS.includes(key)) return layers.globalValue;
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
 * What OpenAI may keep is the user's call: their own value (or the default) holds, and a trusted workspace may
 * only ask for `local` (nothing kept). A repository cannot turn storing on for someone who turned it off.
 */
function privacyChoice(layers: SettingLayers, workspaceTrusted: boolean): unknown {
  const own = layers.globalValue !== undefined ? layers.globalValue : layers.defaultValue;
  if (!workspaceTrusted) return own;
  return [layers.workspaceValue, layers.workspaceFolderValue].includes('local') ? 'local' : own;
}
