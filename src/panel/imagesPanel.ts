/**
 * The "OpenAI Images" panel: one webview that lists results as they complete. It restores after a
 * window reload from its webview state, and acts only on results the extension itself recorded.
 */
import * as vscode from 'vscode';
import { formatUsd } from '../core/pricing';
import { savedResultsSchema, type ResultEntry, type ResultsStore } from '../core/results';
import { costLabel } from '../host/costLabel';
import { copyMarkdownLink, copyPath, openFile, revealFile } from '../host/fileActions';
import type { Logger } from '../host/logger';
import { panelHtml } from './panelHtml';
import { parseFromWebview, type ResultView, type ToWebview } from './panelMessages';

export const PANEL_VIEW_TYPE = 'openaiImages.panel';

function costText(entry: ResultEntry): string | undefined {
  if (entry.costUsd !== undefined) return formatUsd(entry.costUsd);
  return entry.status === 'running' && entry.estimate ? costLabel(entry.estimate) : undefined;
}

export class ImagesPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** The roots last given to the webview; changing them reloads it, so only on a real change. */
  private rootsKey = '';
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly log: Logger,
  ) {
    this.disposables.push(store.onDidChange(() => this.update()));
  }

  /** Shows the panel, creating it beside the editor when needed. */
  show(preserveFocus = false): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('OpenAI Images'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options());
    this.attach(panel);
  }

  /** Called by the serializer after a window reload with the state the webview saved. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = savedResultsSchema.safeParse(state);
    if (saved.success) this.store.restore(saved.data.entries);
    else if (state !== undefined) this.log.warn(`The panel's saved state was not valid; starting empty. ${saved.error.message.slice(0, 500)}`);
    this.log.info(`Restoring the Images panel with ${this.store.all().length} results.`);
    this.panel?.dispose();
    this.attach(panel);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: this.resourceRoots() };
  }

  /** The media folder and the folders of the images shown, nothing more. */
  private resourceRoots(): vscode.Uri[] {
    const folders = new Map<string, vscode.Uri>();
    for (const entry of this.store.all()) {
      for (const file of entry.files) {
        const folder = vscode.Uri.joinPath(vscode.Uri.parse(file), '..');
        folders.set(folder.toString(), folder);
      }
    }
    return [vscode.Uri.joinPath(this.extensionUri, 'media'), ...folders.values()];
  }

  private updateRoots(panel: vscode.WebviewPanel): void {
    const options = this.options();
    const key = (options.localResourceRoots ?? []).map(String).join('\n');
    if (key === this.rootsKey) return;
    this.rootsKey = key;
    panel.webview.options = options;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.rootsKey = '';
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    this.updateRoots(panel);
    panel.webview.html = panelHtml(panel.webview, this.extensionUri);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(panel, message)),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const disposable of this.panelDisposables) disposable.dispose();
      }),
    ];
  }

  private update(): void {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    this.updateRoots(panel);
    const items: ResultView[] = this.store.all().map((entry) => ({
      ...entry,
      costText: costText(entry),
      views: entry.files.map((file) => {
        const uri = vscode.Uri.parse(file);
        return { label: vscode.workspace.asRelativePath(uri, false), src: panel.webview.asWebviewUri(uri).toString() };
      }),
    }));
    const message: ToWebview = { type: 'results', items };
    void panel.webview.postMessage(message);
  }

  private async onMessage(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    if (panel !== this.panel) return;
    const message = parseFromWebview(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the panel.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.update();
      case 'showLog':
        return this.log.show();
      case 'clear':
        return this.store.clear();
    }
    const entry = this.store.get(message.resultId);
    const file = entry?.files[message.fileIndex];
    if (!entry || !file) return;
    const uri = vscode.Uri.parse(file);
    switch (message.type) {
      case 'open':
        return openFile(uri);
      case 'reveal':
        return revealFile(uri);
      case 'copyPath':
        return copyPath(uri);
      case 'copyMarkdownLink':
        return copyMarkdownLink(uri, entry.prompt);
    }
  }
}

export function registerPanelSerializer(panel: ImagesPanel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel, state: unknown) {
      panel.revive(webviewPanel, state);
    },
  });
}
