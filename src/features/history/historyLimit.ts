/** `openaiImages.historyLimit` changed in the settings applies at once: the history is trimmed (or may grow). */
import * as vscode from 'vscode';
import type { ResultsStore } from '../../core/results';
import { SETTINGS_SECTION } from '../../core/settings';
import type { SettingsReader } from '../../platform/settingsReader';

export function followHistoryLimit(store: ResultsStore, settings: SettingsReader): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(`${SETTINGS_SECTION}.historyLimit`)) store.setLimit(settings.read().historyLimit);
  });
}
