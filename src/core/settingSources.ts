/**
 * Which of a setting's values counts. VS Code merges default < user < workspace < folder; we refuse the
 * workspace and folder layers where a repository could use them against the user.
 */
import { KEY_ROUTING_SETTINGS, type SettingKey } from './settings';

/** The layers `WorkspaceConfiguration.inspect()` reports (language-specific layers are not used here). */
export interface SettingLayers {
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
  if (!workspaceTrusted || KEY_ROUTING_SETTINGS.includes(key)) return layers.globalValue;
  return layers.workspaceFolderValue ?? layers.workspaceValue ?? layers.globalValue;
}
