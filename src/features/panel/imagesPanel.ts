/**
 * The "OpenAI Images" panel: one webview showing the history as a gallery, with partial images drawn
 * while a request streams. It acts only on results the extension itself recorded; what to do with them
 * is not its business: it hands each request to whoever listens on `onDidRequestAction`.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { tooBroadForWebview } from '../../core/containment';
import { formatUsd } from '../../core/pricing';
import { threadOf, type ResultEntry, type ResultsStore } from '../../core/results';
import { OUTPUT_MIME_TYPES } from '../../core/outputFiles';
import type { OutputFormat } from '../../core/modelCatalogue';
import { costLabel } from '../../platform/costLabel';
import type { Logger } from '../../platform/logger';
import { panelHtml } from './panelHtml';
import { parseFromWebview, type FileAction, type FileView, type PlanView, type ResultAction, type ResultView, type ToWebview } from './panelMessages';

import { PANEL_VIEW_TYPE } from './panelViewType';

export type PanelRequest =
  | { readonly type: FileAction; readonly entry: ResultEntry; readonly file: vscode.Uri }
  | { readonly type: ResultAction; readonly entry: ResultEntry }
  | { readonly type: 'clear' };

function fromText(entry: ResultEntry): string | undefined {
  const origins = entry.sources.length > 0 ? entry.sources : entry.origin ? [entry.origin] : [];
  if (origins.length === 0) return undefined;
  const labels = origins.map((origin) => vscode.workspace.asRelativePath(vscode.Uri.parse(origin), false));
  return vscode.l10n.t('from {0}', labels.length > 3 ? `${labels.slice(0, 3).join(', ')}, +${labels.length - 3}` : labels.join(', '));
}

function costText(entry: ResultEntry): string | undefined {
  if (entry.costUsd !== undefined) return formatUsd(entry.costUsd);
  return entry.status === 'running' && entry.estimate ? costLabel(entry.estimate) : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export class ImagesPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** The roots last given to the webview; changing them reloads it, so only on a real change. */
  private rootsKey = '';
  /** Orders updates: a slow file check must not overwrite a newer list. */
  private updateSeq = 0;
  /** The latest partial image of each running request, to draw again when the webview (re)loads. */
  private readonly partials = new Map<string, ToWebview>();
  /** The asset plan shown above the history, and who waits for the user's Run or Dismiss. */
  private plan: { view: PlanView; decide?: (run: boolean) => void } | undefined;
  private readonly requests = new vscode.EventEmitter<PanelRequest>();
  private readonly disposables: vscode.Disposable[] = [this.requests];
  private panelDisposables: vscode.Disposable[] = [];

  readonly onDidRequestAction = this.requests.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly log: Logger,
  ) {
    this.disposables.push(store.onDidChange(() => void this.update()));
  }

  /** Shows the panel, creating it beside the editor when needed. */
  show(preserveFocus = false): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      vscode.l10n.t('OpenAI Images'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      this.options(),
    );
    this.attach(panel);
  }

  /** Draws a partial image of a running request, opening the panel for the first one. */
  showPartial(resultId: string, index: number, bytes: Uint8Array, format: OutputFormat): void {
    // A plain Uint8Array view: a Node Buffer would be sent through its toJSON as a list of numbers.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const message: ToWebview = { type: 'partial', resultId, index, mime: OUTPUT_MIME_TYPES[format], bytes: view };
    this.partials.set(resultId, message);
    if (!this.panel) this.show(true);
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  /** Shows an asset plan and resolves true when the user presses Run, false on Dismiss or a newer plan. */
  askToRunPlan(view: PlanView): Promise<boolean> {
    this.plan?.decide?.(false);
    return new Promise((resolve) => {
      this.plan = { view, decide: resolve };
      this.show(false);
      this.postPlan();
    });
  }

  /** Updates the plan shown (progress, then the summary); undefined removes it. */
  updatePlan(view: PlanView | undefined): void {
    this.plan = view ? { view } : undefined;
    this.postPlan();
  }

  private postPlan(): void {
    if (!this.panel || !this.ready) return;
    const message: ToWebview = { type: 'plan', plan: this.plan?.view };
    void this.panel.webview.postMessage(message);
  }

  /** Called by the serializer after a window reload; the history itself comes from storage, not the old state. */
  revive(panel: vscode.WebviewPanel): void {
    this.log.info(`Restoring the Images panel with ${this.store.all().length} results.`);
    this.panel?.dispose();
    this.attach(panel);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableForms: false, enableCommandUris: false, retainContextWhenHidden: false, localResourceRoots: this.resourceRoots() };
  }

  /**
   * The media folder, the workspace folders, and the folders of shown images outside them; nothing else, and
   * never the home folder, `/` or a folder above them (a webview may read anything under its roots): a shown
   * image in such a folder, or a workspace opened there, gives the files themselves as roots instead.
   * Whole folders rather than each image where they are safe: changing the roots reloads the webview, which
   * took 1.5 s (2 MB image) to 4.7 s (20 MB) for the first image in a new folder (bench/panel.ts).
   */
  private resourceRoots(): vscode.Uri[] {
    const roots = new Map<string, vscode.Uri>();
    const add = (uri: vscode.Uri) => roots.set(uri.toString(), uri);
    const broadFolders = new Set((vscode.workspace.workspaceFolders ?? []).filter((folder) => tooBroad(folder.uri)).map((folder) => folder.uri.toString()));
    for (const folder of vscode.workspace.workspaceFolders ?? []) if (!broadFolders.has(folder.uri.toString())) add(folder.uri);
    for (const entry of this.store.all()) {
      for (const file of entry.files) {
        const uri = vscode.Uri.parse(file);
        const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
        if (workspaceFolder && !broadFolders.has(workspaceFolder.uri.toString())) continue;
        const folder = vscode.Uri.joinPath(uri, '..');
        add(tooBroad(folder) ? uri : folder);
      }
    }
    return [vscode.Uri.joinPath(this.extensionUri, 'media'), ...roots.values()];
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
      panel.onDidChangeViewState(() => {
        // Files may have been deleted or restored while the panel was hidden.
        if (panel.visible) void this.update();
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const disposable of this.panelDisposables) disposable.dispose();
      }),
    ];
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    const seq = ++this.updateSeq;
    this.updateRoots(panel);
    const entries = this.store.all();
    const items: ResultView[] = await Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        costText: costText(entry),
        fromText: fromText(entry),
        thread: threadOf(entries, entry.id).map(({ id, prompt }) => ({ id, prompt })),
        views: await Promise.all(entry.files.map((file) => this.fileView(panel, file))),
      })),
    );
    if (seq !== this.updateSeq || panel !== this.panel) return;
    const message: ToWebview = { type: 'results', items };
    await panel.webview.postMessage(message);
    for (const [id, partial] of this.partials) {
      if (this.store.get(id)?.status === 'running') void panel.webview.postMessage(partial);
      else this.partials.delete(id);
    }
  }

  private async fileView(panel: vscode.WebviewPanel, file: string): Promise<FileView> {
    const uri = vscode.Uri.parse(file);
    return { label: vscode.workspace.asRelativePath(uri, false), src: panel.webview.asWebviewUri(uri).toString(), uri: file, missing: !(await exists(uri)) };
  }

  private onMessage(panel: vscode.WebviewPanel, raw: unknown): void {
    if (panel !== this.panel) return;
    const message = parseFromWebview(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the panel.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        void this.update();
        this.postPlan();
        return;
      case 'runPlan':
      case 'dismissPlan': {
        const plan = this.plan;
        if (!plan || plan.view.id !== message.planId || !plan.decide) return;
        plan.decide(message.type === 'runPlan');
        plan.decide = undefined;
        if (message.type === 'dismissPlan') this.updatePlan(undefined);
        return;
      }
      case 'showLog':
        return this.log.show();
      case 'clear':
        return this.requests.fire({ type: 'clear' });
    }
    const entry = this.store.get(message.resultId);
    if (!entry) return;
    if (!('fileIndex' in message)) {
      this.requests.fire({ type: message.type, entry });
      return;
    }
    const file = entry.files[message.fileIndex];
    if (file) this.requests.fire({ type: message.type, entry, file: vscode.Uri.parse(file) });
  }
}

/** `/`, the home folder, or a folder that holds it: too much to let a webview read. */
function tooBroad(folder: vscode.Uri): boolean {
  return tooBroadForWebview(folder.path, folder.scheme === 'file' ? vscode.Uri.file(os.homedir()).path : undefined);
}
