/**
 * One open conversation: its webview panel, kept in step with the saved conversation, sending the turns the user
 * writes and cancelling the running one on request. The panel only ever names a turn; files, models and costs
 * come from the saved conversation.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { latestImage, totalCost, type Conversation, type Turn } from '../../core/conversation/conversation';
import { tooBroadForWebview } from '../../core/containment';
import type { OutputFormat } from '../../core/modelCatalogue';
import { OUTPUT_MIME_TYPES } from '../../core/outputFiles';
import { formatUsd } from '../../core/pricing';
import { CommandIds } from '../../core/commandIds';
import { costLabel } from '../../platform/costLabel';
import { Disposable } from '../../platform/disposable';
import { openFile, revealFile } from '../../platform/fileActions';
import type { Logger } from '../../platform/logger';
import { conversationHtml } from './conversationHtml';
import { parseConversationFromWebview, type ConversationFromWebview, type ConversationToWebview, type TurnView } from './conversationMessages';
import type { ConversationStore } from './conversationStore';
import { costBreakdown, type ConversationTurns } from './conversationTurns';
import type { LanguageModelWriter } from '../writer/languageModelWriter';
import { proposeNextTurn } from './nextTurnProposal';

export interface ConversationSessionDeps {
  readonly conversations: ConversationStore;
  readonly turns: ConversationTurns;
  readonly log: Logger;
  readonly extensionUri: vscode.Uri;
  readonly writer: LanguageModelWriter;
}

export class ConversationSession extends Disposable {
  private running: AbortController | undefined;
  private ready = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly conversationId: string,
    private readonly deps: ConversationSessionDeps,
  ) {
    super();
    const conversation = deps.conversations.get(conversationId);
    panel.title = conversation?.title || vscode.l10n.t('Image Conversation');
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
        vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview'),
        ...this.imageRoots(conversation),
      ],
    };
    panel.webview.html = conversationHtml(panel.webview, deps.extensionUri);
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this.register(
      deps.conversations.onDidChange((changed) => {
        if (changed.id !== conversationId) return;
        if (changed.title) panel.title = changed.title;
        this.postView();
      }),
    );
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** Fires once, when the panel is closed. */
  readonly onDidDispose = (listener: () => void): void => {
    this.register({ dispose: listener });
  };

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Closes the panel (the conversation was forgotten). */
  close(): void {
    this.panel.dispose();
  }

  private onMessage(raw: unknown): void {
    const message = parseConversationFromWebview(raw);
    if (!message) {
      this.deps.log.warn('Ignored a malformed message from a conversation.');
      return;
    }
    this.handle(message);
  }

  private handle(message: ConversationFromWebview): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postView();
        this.postEstimate('');
        return;
      case 'draft':
        return this.postEstimate(message.prompt);
      case 'send':
        return this.deps.log.inBackground('A conversation turn', this.send(message.prompt.trim()));
      case 'cancel':
        this.running?.abort();
        return;
      case 'writePrompt':
        return this.deps.log.inBackground('Writing the next turn', this.writePrompt(message.prompt));
      default: {
        const file = this.turn(message.turnId)?.file;
        if (!file) return;
        const uri = vscode.Uri.parse(file);
        const work =
          message.type === 'open' ? openFile(uri) : message.type === 'reveal' ? revealFile(uri) : vscode.commands.executeCommand(CommandIds.drawEdit, uri);
        this.deps.log.inBackground(`The conversation's ${message.type}`, Promise.resolve(work));
      }
    }
  }

  private turn(id: string): Turn | undefined {
    return this.deps.conversations.get(this.conversationId)?.turns.find((turn) => turn.id === id);
  }

  /** Write the Prompt: the proposal goes into the box to edit; nothing is sent before the user sends it. */
  private async writePrompt(draft: string): Promise<void> {
    const conversation = this.deps.conversations.get(this.conversationId);
    const proposal = conversation ? await proposeNextTurn(this.deps.writer, conversation, draft) : undefined;
    this.post({ type: 'proposal', ...(proposal ? { prompt: proposal.prompt, by: proposal.by } : {}) });
  }

  /** Runs a turn under this panel's Cancel button; `imageModel` replaces the setting's (a shut-down model's successor). */
  private async send(prompt: string, imageModel?: string): Promise<void> {
    if (this.running || prompt === '') return;
    const controller = new AbortController();
    this.running = controller;
    this.postView();
    try {
      const listener = {
        partial: (turnId: string, bytes: Uint8Array, format: OutputFormat) => this.postPartial(turnId, bytes, format),
        again: (model?: string) => this.send(prompt, model),
      };
      await this.deps.turns.run(this.conversationId, prompt, controller.signal, listener, imageModel);
    } finally {
      this.running = undefined;
      this.postView();
      this.postEstimate('');
    }
  }

  private postPartial(turnId: string, bytes: Uint8Array, format: OutputFormat): void {
    // A plain Uint8Array view: a Node Buffer would be sent through its toJSON as a list of numbers.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.post({ type: 'partial', turnId, mime: OUTPUT_MIME_TYPES[format], bytes: view });
  }

  private postEstimate(prompt: string): void {
    const conversation = this.deps.conversations.get(this.conversationId);
    if (!conversation) return;
    const estimate = this.deps.turns.estimate(conversation, prompt);
    const text = estimate
      ? vscode.l10n.t('Next turn: {0}', costBreakdown(costLabel(estimate), estimate.imageUsd, estimate.mainlineUsd, conversation.model))
      : vscode.l10n.t('The image settings cannot make a request; check openaiImages.model, size and quality.');
    this.post({ type: 'estimate', text });
  }

  private postView(): void {
    const conversation = this.deps.conversations.get(this.conversationId);
    if (!conversation || !this.ready) return;
    this.deps.log.inBackground(
      'Updating a conversation',
      this.viewOf(conversation).then((view) => this.post({ type: 'conversation', view })),
    );
  }

  private async viewOf(conversation: Conversation): Promise<Extract<ConversationToWebview, { type: 'conversation' }>['view']> {
    const webview = this.panel.webview;
    const settings = this.deps.turns.settingsFor(conversation);
    const turns = await Promise.all(conversation.turns.map((turn) => this.turnView(conversation, turn)));
    const source = conversation.source ? vscode.Uri.parse(conversation.source) : undefined;
    return {
      id: conversation.id,
      title: conversation.title,
      modelsText: vscode.l10n.t('{0} with the image model {1}', conversation.model, settings.model),
      totalText: vscode.l10n.t('Spent in this conversation: {0}', formatUsd(totalCost(conversation))),
      source: source ? { image: webview.asWebviewUri(source).toString(), label: vscode.workspace.asRelativePath(source) } : undefined,
      turns,
      running: this.running !== undefined || conversation.turns.some((turn) => turn.status === 'running'),
    };
  }

  private async turnView(conversation: Conversation, turn: Turn): Promise<TurnView> {
    const file = turn.file ? vscode.Uri.parse(turn.file) : undefined;
    const missing = file
      ? await vscode.workspace.fs.stat(file).then(
          () => false,
          () => true,
        )
      : undefined;
    const costText =
      turn.costUsd !== undefined
        ? vscode.l10n.t('Cost {0}', costBreakdown(formatUsd(turn.costUsd), turn.costUsd - (turn.mainlineUsd ?? 0), turn.mainlineUsd ?? 0, conversation.model))
        : turn.status === 'running' && turn.estimateUsd !== undefined
          ? vscode.l10n.t('Estimated: up to {0}', formatUsd(turn.estimateUsd))
          : undefined;
    return {
      id: turn.id,
      prompt: turn.prompt,
      status: turn.status,
      image: file ? this.panel.webview.asWebviewUri(file).toString() : undefined,
      fileLabel: file ? vscode.workspace.asRelativePath(file) : undefined,
      missing,
      text: turn.text,
      revisedPrompt: turn.revisedPrompt,
      // A turn left running when its window closed was saved as cancelled, with nothing to say why.
      error:
        turn.error ?? (turn.status === 'cancelled' ? vscode.l10n.t('Interrupted: the window closed while this turn ran. Nothing was written.') : undefined),
      costText,
    };
  }

  private post(message: ConversationToWebview): void {
    if (!this.ready || this.isDisposed) return;
    this.deps.log.inBackground('Updating a conversation', this.panel.webview.postMessage(message));
  }

  /**
   * What the webview may read besides the extension's files: the folder the images go to and the start image's
   * folder, or, where a folder is `/`, the home folder or above it, only the images themselves.
   */
  private imageRoots(conversation: Conversation | undefined): vscode.Uri[] {
    if (!conversation) return [];
    const home = vscode.Uri.file(os.homedir()).path;
    const roots: vscode.Uri[] = [];
    for (const file of [conversation.source, latestImage(conversation)]) {
      if (!file) continue;
      const uri = vscode.Uri.parse(file);
      const folder = vscode.Uri.joinPath(uri, '..');
      roots.push(tooBroadForWebview(folder.path, folder.scheme === 'file' ? home : undefined) ? uri : folder);
    }
    const folder = vscode.Uri.parse(conversation.folder);
    if (!tooBroadForWebview(folder.path, folder.scheme === 'file' ? home : undefined)) roots.push(folder);
    return roots;
  }
}
