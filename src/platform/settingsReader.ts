/**
 * Reads `openaiImages.*` settings, validated. Settings that decide where the key goes come from user
 * settings only; in Restricted Mode every setting does, so an untrusted folder changes nothing.
 */
import * as vscode from 'vscode';
import type { EndpointSettings } from '../core/compatibleFlags';
import { effectiveValue } from '../core/settingSources';
import { SETTINGS_SECTION, SETTING_KEYS, parseSettings, type SettingKey, type Settings } from '../core/settings';
import type { Logger } from './logger';
import { showWarning } from './notify';

export class SettingsReader {
  /** Each invalid value is reported once, not on every request. */
  private readonly reported = new Set<string>();

  constructor(private readonly log: Logger) {}

  read(scope?: vscode.Uri): Settings {
    const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
    const raw: Partial<Record<SettingKey, unknown>> = {};
    for (const key of SETTING_KEYS) {
      // inspect() tells where each value comes from, so workspace values can be refused where they must be.
      raw[key] = effectiveValue(key, configuration.inspect(key), vscode.workspace.isTrusted);
    }
    const { settings, invalid } = parseSettings(raw);
    for (const key of invalid) this.report(key, raw[key]);
    return settings;
  }

  private report(key: SettingKey, value: unknown): void {
    const id = `${key}=${JSON.stringify(value)}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.log.warn(`Invalid value for ${SETTINGS_SECTION}.${key}; using the default.`);
    void showWarning(vscode.l10n.t('The setting {0} has an invalid value; the default is used instead.', `${SETTINGS_SECTION}.${key}`));
  }
}

const ENDPOINT_KEYS = ['provider', 'baseUrl', 'compatibleModel', 'compatibleModels'] as const satisfies readonly SettingKey[];

/**
 * Where requests go (user settings only, as for every request), for what is planned without a request: a
 * manifest's diagnostics and estimates. Invalid values fall back to the defaults; the reader above reports them.
 */
export function readEndpoint(scope?: vscode.Uri): EndpointSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const raw: Partial<Record<SettingKey, unknown>> = {};
  for (const key of ENDPOINT_KEYS) raw[key] = effectiveValue(key, configuration.inspect(key), vscode.workspace.isTrusted);
  const { settings } = parseSettings(raw);
  return { provider: settings.provider, baseUrl: settings.baseUrl, compatibleModel: settings.compatibleModel, compatibleModels: settings.compatibleModels };
}
