/**
 * The workspace's image conversations, kept in its workspace state so they survive a reload and belong to the
 * folder whose files they wrote. Read back through the schema: a damaged one is dropped.
 */
import * as vscode from 'vscode';
import { parseConversations, withConversation, type Conversation } from '../../core/conversation/conversation';
import { Disposable } from '../../platform/disposable';

const KEY = 'openaiImages.conversations';

export class ConversationStore extends Disposable {
  private conversations: Conversation[];
  private readonly changes = this.register(new vscode.EventEmitter<Conversation>());
  /** One save at a time, in order: a turn's updates arrive faster than storage writes them. */
  private saving: Promise<void> = Promise.resolve();

  /** Fires with each conversation that changed. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
    this.conversations = parseConversations(memento.get<unknown>(KEY));
  }

  get(id: string): Conversation | undefined {
    return this.conversations.find((conversation) => conversation.id === id);
  }

  /** The conversation a file was written by, if it is one of this workspace's. */
  byFile(file: vscode.Uri): Conversation | undefined {
    const uri = file.toString();
    return this.conversations.find((conversation) => conversation.turns.some((turn) => turn.file === uri));
  }

  /** Newest first. */
  all(): readonly Conversation[] {
    return this.conversations;
  }

  /** Forgets a conversation (its image files stay); resolves once it is saved. */
  remove(id: string): Promise<void> {
    this.conversations = this.conversations.filter((conversation) => conversation.id !== id);
    return this.persist();
  }

  /** Replaces (or adds) a conversation; resolves once it is saved. */
  save(conversation: Conversation): Promise<void> {
    this.conversations = withConversation(this.conversations, conversation);
    this.changes.fire(conversation);
    return this.persist();
  }

  private persist(): Promise<void> {
    const all = this.conversations;
    this.saving = this.saving.catch(() => undefined).then(() => this.memento.update(KEY, all));
    return this.saving;
  }
}
