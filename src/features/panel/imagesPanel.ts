/**
 * The "OpenAI Images" panel: one webview showing the history as a gallery, with partial images drawn
 * while a request streams. It acts only on results the extension itself recorded; what to do with them
 * is not its business: it hands each request to whoever listens on `onDidRequestAction`.
 *
 * The webview is told only what changed (CardDiff): a streamed partial image or a progress change touches one
 * card, whatever the history's size.
 */
import * as vscode from 'vscode';
import type { OutputFormat } from '../../core/modelCatalogue';
import { OUTPUT_MIME_TYPES } from '../../core/outputFiles';
import type { ResultEntry, ResultsStore } from '../../core/results';
import { Disposable } from '../../platform/disposable';
import type { Logger } from '../../platform/logger';
import { CardDiff, type CardChanges } from './cardDiff';
import { FileStatus } from './fileStatus';
import { PanelCards } from './panelCards';
import { shownFiles } from '../../core/results';
import { panelHtml } from './panelHtml';
import { parseFromWebview, type FileAction, type FromWebview, type PlanView, type ResultAction, type ToWebview } from './panelMessages';
import { PANEL_VIEW_TYPE } from './panelViewType';
import { ThumbnailCache } from './thumbnailCache';
import { CredentialsCache } from './credentialsCache';
import type { ContentCredentialsReader } from '../../pipeline/contentCredentials';
import { RECOVERY_FOLDER } from '../../pipeline/recovery';
import { PanelChoices, type ChoiceAnswer, type ChoiceRequest } from './panelChoices';
import { panelResourceRoots } from './panelRoots';

export type PanelRequest =
  | { readonly type: FileAction; readonly entry: ResultEntry; readonly file: vscode.Uri }
  | { readonly type: ResultAction; readonly entry: ResultEntry }
  | { readonly type: 'clear' }
  | { readonly type: 'startConversation' };

type PartialMessage = Extract<ToWebview, { type: 'partial' }>;

/** More cards than any screen shows at once (the grid's cards are at least 260 x 460 pixels). */
const FIRST_SCREEN_CARDS = 64;
/** Small enough that the webview applies one in an idle moment (a few milliseconds). */
const CARDS_PER_MESSAGE = 200;

export class ImagesPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** The roots last given to the webview; changing them reloads it, so only on a real change. */
  private rootsKey = '';
  /** The latest partial (or final, unwritten) image of each running request, to draw again after a reload. */
  private readonly partials = new Map<string, PartialMessage>();
  /** The asset plan shown above the history, and who waits for the user's Run or Dismiss. */
  private plan: { view: PlanView; decide?: (run: boolean) => void } | undefined;
  private readonly choices = new PanelChoices();
  private readonly requests = this.register(new vscode.EventEmitter<PanelRequest>());
  private readonly files = this.register(new FileStatus());
  private readonly thumbnails: ThumbnailCache;
  private readonly credentials: CredentialsCache;
  private readonly recoveryFolder: vscode.Uri;
  private readonly cards: PanelCards;
  private readonly diff = new CardDiff();
  /** One update at a time; changes during one are sent by one more right after it. */
  private updating: Promise<void> | undefined;
  private updateAgain = false;
  private checkingRemaining: Promise<void> | undefined;
  private panelDisposables: vscode.Disposable[] = [];

  readonly onDidRequestAction = this.requests.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    globalStorage: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly log: Logger,
    reader: ContentCredentialsReader,
  ) {
    super();
    // Where paid images wait that could not be written: their cards show them from there.
    this.recoveryFolder = vscode.Uri.joinPath(globalStorage, RECOVERY_FOLDER);
    this.thumbnails = new ThumbnailCache(globalStorage, log);
    this.credentials = new CredentialsCache(reader);
    this.cards = new PanelCards(this.files, this.thumbnails, this.credentials);
    this.register(store.onDidChange(() => this.scheduleUpdate()));
    this.register(
      this.files.onDidChange((files) => {
        this.cards.invalidateFiles(this.store.all(), files);
        this.scheduleUpdate();
      }),
    );
    this.register({ dispose: () => this.panel?.dispose() });
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
    this.postImage(resultId, index, false, bytes, format);
  }

  /** Draws a finished image from the bytes in memory, while its file is being written. */
  showFinal(resultId: string, bytes: Uint8Array, format: OutputFormat): void {
    this.postImage(resultId, 0, true, bytes, format);
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

  /** Shows an asset's candidates side by side; resolves with the one chosen, undefined when dismissed. */
  askToChoose(request: ChoiceRequest): Promise<ChoiceAnswer> {
    const answer = this.choices.ask(request);
    this.show(false);
    this.postChoices();
    return answer;
  }

  /** Updates a choice shown (choosing, then its outcome); undefined removes it. */
  updateChoice(id: string, request: ChoiceRequest | undefined): void {
    this.choices.update(id, request);
    this.postChoices();
  }

  /** Called by the serializer after a window reload; the history itself comes from storage, not the old state. */
  revive(panel: vscode.WebviewPanel): void {
    this.log.info(`Restoring the Images panel with ${this.store.all().length} results.`);
    this.panel?.dispose();
    this.attach(panel);
  }

  private postImage(resultId: string, index: number, final: boolean, bytes: Uint8Array, format: OutputFormat): void {
    // A plain Uint8Array view: a Node Buffer would be sent through its toJSON as a list of numbers.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const message: PartialMessage = { type: 'partial', resultId, index, final, mime: OUTPUT_MIME_TYPES[format], bytes: view };
    this.partials.set(resultId, message);
    if (!this.panel) this.show(true);
    this.post(message);
  }

  private postPlan(): void {
    this.post({ type: 'plan', plan: this.plan?.view });
  }

  private postChoices(): void {
    const panel = this.panel;
    if (!panel) return;
    // The drafts' folders must be roots before their images can load; new roots reload the webview, which asks again.
    this.updateRoots(panel);
    this.post({ type: 'choices', choices: this.choices.views(panel.webview) });
  }

  private post(message: ToWebview): void {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    this.log.inBackground('Updating the Images panel', panel.webview.postMessage(message));
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: this.resourceRoots(),
    };
  }

  private resourceRoots(): vscode.Uri[] {
    // Candidates (drafts) are shown files too, though not history.
    const files = [...this.store.all().flatMap((entry) => entry.files), ...this.choices.files().map(String)];
    return panelResourceRoots(this.extensionUri, [this.thumbnails.folder, this.recoveryFolder], files);
  }

  private updateRoots(panel: vscode.WebviewPanel): void {
    const options = this.options();
    const key = (options.localResourceRoots ?? []).map(String).join('\n');
    if (key === this.rootsKey) return;
    this.rootsKey = key;
    this.ready = false;
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
        // Files may have been deleted or restored while the panel was hidden, outside the watched workspace too.
        if (panel.visible) this.recheckFiles();
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const disposable of this.panelDisposables) disposable.dispose();
      }),
    ];
  }

  /**
   * The first screen's files, and files outside the workspace (no watcher follows them): the watcher has kept the
   * rest current, so showing the panel again does not stat 5,000 files.
   */
  private recheckFiles(): void {
    const entries = this.store.all();
    const unwatched = (file: string) => !vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(file));
    const files = [
      ...new Set([...entries.slice(0, FIRST_SCREEN_CARDS).flatMap(shownFiles), ...entries.flatMap((entry) => shownFiles(entry).filter(unwatched))]),
    ];
    const recheck = async () => {
      const changed = await this.files.check(files);
      if (changed.length === 0) return;
      this.cards.invalidateFiles(this.store.all(), changed);
      this.scheduleUpdate();
    };
    this.log.inBackground('Checking the panel files', recheck());
  }

  private scheduleUpdate(): void {
    if (!this.panel || !this.ready) return;
    if (this.updating) {
      this.updateAgain = true;
      return;
    }
    this.updating = this.updateWhileChanged().finally(() => (this.updating = undefined));
    this.log.inBackground('Updating the Images panel', this.updating);
  }

  private async updateWhileChanged(): Promise<void> {
    do {
      this.updateAgain = false;
      await this.update();
    } while (this.updateAgain);
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    this.updateRoots(panel);
    if (!this.ready) return; // The roots changed: the webview reloads and asks again.
    const entries = this.store.all();
    // The newest entries' files first, so the first screen finds its thumbnails (they are keyed by size and time);
    // the rest after the cards are out: the first screen does not wait for 5,000 stats.
    const firstFiles = entries.slice(0, FIRST_SCREEN_CARDS).flatMap(shownFiles);
    this.cards.invalidateFiles(entries, this.shownDifferently(await this.files.checkNew(firstFiles)));
    this.checkCredentials(firstFiles);
    const reset = this.diff.fresh;
    // After a (re)load the first screen goes out before the other cards are even made.
    const first = reset ? this.cards.cards(entries.slice(0, FIRST_SCREEN_CARDS), panel.webview, entries) : [];
    if (reset) await panel.webview.postMessage({ type: 'cards', reset, cards: first, order: entries.map((entry) => entry.id) } satisfies ToWebview);
    const changes = this.diff.changes(this.cards.cards(entries, panel.webview));
    const sent = new Set(first.map((card) => card.id));
    const rest = { ...changes, reset: false, order: reset ? undefined : changes.order, cards: changes.cards.filter((card) => !sent.has(card.id)) };
    if (rest.cards.length > 0 || rest.order) await this.postCards(panel, rest);
    for (const [id, partial] of this.partials) {
      if (this.store.get(id)?.status !== 'running') this.partials.delete(id);
      else if (reset) this.post(partial);
    }
    this.checkRemainingFiles();
  }

  /**
   * The files of all other entries, checked once in the background. Not part of an update: 5,000 stats take
   * seconds, and a panel opened again meanwhile must not wait for them to draw its first screen.
   */
  private checkRemainingFiles(): void {
    if (this.checkingRemaining) return;
    const check = async () => {
      // Again while the history gained unchecked files meanwhile (each pass checks every file it finds unchecked).
      for (let unchecked = this.uncheckedFiles(); unchecked.length > 0; unchecked = this.uncheckedFiles()) {
        const checked = this.shownDifferently(await this.files.checkNew(unchecked));
        if (checked.length === 0) continue;
        this.cards.invalidateFiles(this.store.all(), checked);
        this.scheduleUpdate();
      }
    };
    this.checkingRemaining = check().finally(() => (this.checkingRemaining = undefined));
    this.log.inBackground('Checking the panel files', this.checkingRemaining);
  }

  /** The first screen's Content Credentials, in the background: a card gains its line when its file is validated. */
  private checkCredentials(files: readonly string[]): void {
    const check = async () => {
      const validated = await this.credentials.check(files.map((uri) => ({ uri, state: this.files.get(uri) })));
      if (validated.length === 0) return;
      this.cards.invalidateFiles(this.store.all(), validated);
      this.scheduleUpdate();
    };
    this.log.inBackground('Validating Content Credentials', check());
  }

  private uncheckedFiles(): string[] {
    return [...new Set(this.store.all().flatMap(shownFiles))].filter((file) => !this.files.get(file));
  }

  /**
   * Of files checked for the first time, those whose card then looks different: missing, or with a thumbnail. A
   * file not checked yet is drawn as present without one, so for the rest of 5,000 nothing needs remaking.
   */
  private shownDifferently(firstChecked: readonly string[]): string[] {
    return firstChecked.filter((file) => {
      const state = this.files.get(file);
      return !state?.exists || this.thumbnails.find(file, state) !== undefined;
    });
  }

  /** The first screen's worth first, with the whole order; then the rest in chunks, so nothing waits for 5,000 cards. */
  private async postCards(panel: vscode.WebviewPanel, changes: CardChanges): Promise<void> {
    const first = changes.cards.slice(0, FIRST_SCREEN_CARDS);
    await panel.webview.postMessage({ type: 'cards', reset: changes.reset, cards: first, order: changes.order } satisfies ToWebview);
    for (let start = FIRST_SCREEN_CARDS; start < changes.cards.length; start += CARDS_PER_MESSAGE) {
      if (panel !== this.panel) return;
      await panel.webview.postMessage({ type: 'cards', reset: false, cards: changes.cards.slice(start, start + CARDS_PER_MESSAGE) } satisfies ToWebview);
    }
  }

  private onMessage(panel: vscode.WebviewPanel, raw: unknown): void {
    if (panel !== this.panel) return;
    const message = parseFromWebview(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the panel.');
      return;
    }
    this.handle(message);
  }

  private handle(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.diff.reset();
        this.log.inBackground(
          'Reading the thumbnail cache',
          this.thumbnails.load().then(() => this.scheduleUpdate()),
        );
        this.postPlan();
        this.postChoices();
        return;
      case 'choose':
      case 'dismissChoice':
        if (this.choices.decide(message.choiceId, message.type === 'choose' ? { candidate: message.candidate, keepDraft: message.keepDraft } : undefined))
          this.postChoices();
        return;
      case 'runPlan':
      case 'dismissPlan':
        return this.decidePlan(message.planId, message.type === 'runPlan');
      case 'showLog':
        return this.log.show();
      case 'clear':
        return this.requests.fire({ type: 'clear' });
      case 'startConversation':
        return this.requests.fire({ type: 'startConversation' });
      case 'thumbnail':
        return this.saveThumbnail(message.resultId, message.fileIndex, message.bytes);
      case 'regenerate':
      case 'moreLikeThis': {
        const entry = this.store.get(message.resultId);
        if (entry) this.requests.fire({ type: message.type, entry });
        return;
      }
      default: {
        const entry = this.store.get(message.resultId);
        const file = entry ? shownFiles(entry)[message.fileIndex] : undefined;
        if (entry && file) this.requests.fire({ type: message.type, entry, file: vscode.Uri.parse(file) });
      }
    }
  }

  private decidePlan(planId: string, run: boolean): void {
    const plan = this.plan;
    if (!plan || plan.view.id !== planId || !plan.decide) return;
    plan.decide(run);
    plan.decide = undefined;
    if (!run) this.updatePlan(undefined);
  }

  private saveThumbnail(resultId: string, fileIndex: number, bytes: Uint8Array): void {
    const entry = this.store.get(resultId);
    const file = entry ? shownFiles(entry)[fileIndex] : undefined;
    if (!file) return;
    const save = async () => {
      // A thumbnail can come back before the file's first check has: check it now rather than drop the thumbnail.
      if (!this.files.get(file)) await this.files.check([file]);
      if (await this.thumbnails.save(file, this.files.get(file), bytes)) {
        this.cards.invalidateFiles(this.store.all(), [file]);
        this.scheduleUpdate();
      }
    };
    this.log.inBackground('Saving a thumbnail', save());
  }
}
