/**
 * Keeps the panel's results in the workspace's Memento as well as in the webview's state: the extension
 * host writes its Memento at once, while a webview's state can be lost when a window reloads before the
 * workbench saved it.
 */
import type * as vscode from 'vscode';
import { savedResultsSchema, type ResultsStore } from '../core/results';

const KEY = 'openaiImages.panelResults';

export function loadSavedResults(store: ResultsStore, memento: vscode.Memento): void {
  const saved = savedResultsSchema.safeParse({ entries: memento.get(KEY) ?? [] });
  if (saved.success) store.restore(saved.data.entries);
}

export function saveResultsOnChange(store: ResultsStore, memento: vscode.Memento): vscode.Disposable {
  return store.onDidChange(() => {
    void memento.update(KEY, store.all().filter((entry) => entry.status !== 'running'));
  });
}
