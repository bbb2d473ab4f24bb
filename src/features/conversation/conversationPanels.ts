/**
 * The open conversation panels, one per conversation: opening a conversation that is already open shows its
 * panel, and after a reload VS Code hands each restored panel back with the id its webview saved.
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import { Disposable } from '../../platform/disposable';
import { ConversationSession, type ConversationSessionDeps } from './conversationSession';
import { CONVERSATION_VIEW_TYPE } from './conversationViewType';

const savedStateSchema = z.object({ conversationId: z.string().max(100) });

export class ConversationPanels extends Disposable {
  private readonly open = new Map<string, ConversationSession>();

  constructor(private readonly deps: ConversationSessionDeps) {
    super();
    this.register({ dispose: () => [...this.open.values()].forEach((session) => session.dispose()) });
  }

  /** Shows the conversation, in its own panel beside the editor. */
  show(conversationId: string): void {
    const existing = this.open.get(conversationId);
    if (existing) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(CONVERSATION_VIEW_TYPE, vscode.l10n.t('Image Conversation'), { viewColumn: vscode.ViewColumn.Beside });
    this.attach(panel, conversationId);
  }

  /** Closes the conversation's panel, if it is open. */
  close(conversationId: string): void {
    this.open.get(conversationId)?.close();
  }

  /** A panel VS Code restored after a reload; one whose conversation is gone is closed. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = savedStateSchema.safeParse(state);
    if (!saved.success || !this.deps.conversations.get(saved.data.conversationId) || this.open.has(saved.data.conversationId)) {
      panel.dispose();
      return;
    }
    this.attach(panel, saved.data.conversationId);
  }

  private attach(panel: vscode.WebviewPanel, conversationId: string): void {
    const session = new ConversationSession(panel, conversationId, this.deps);
    this.open.set(conversationId, session);
    session.onDidDispose(() => {
      if (this.open.get(conversationId) === session) this.open.delete(conversationId);
    });
  }
}
