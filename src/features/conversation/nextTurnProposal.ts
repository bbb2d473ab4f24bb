/**
 * Write the Prompt in an image conversation: a language model (features/writer) reads the draft of the next turn and
 * the conversation so far (each turn's words, and what the model answered in words), plus the workspace's style
 * kits, and proposes the next turn. The proposal goes into the conversation's own box to edit; nothing is sent.
 */
import * as vscode from 'vscode';
import { composePrompt } from '../../core/assets/styleKit';
import type { Conversation } from '../../core/conversation/conversation';
import { cleanProposal, promptWriterRequest } from '../../core/writer/writerInstructions';
import { showError, withNotificationProgress } from '../../platform/notify';
import { workspaceStyles } from '../generate/workspaceStyles';
import type { LanguageModelWriter } from '../writer/languageModelWriter';

/** The conversation so far as lines a model reads: "Turn 2: now add a fountain (answered: ...)". */
function conversationSoFar(conversation: Conversation): string {
  return conversation.turns
    .map(
      (turn, index) => `Turn ${index + 1}: ${turn.prompt}${turn.text ? ` (the model answered: ${turn.text})` : ''}${turn.status === 'done' ? ' [drawn]' : ''}`,
    )
    .join('\n');
}

export async function proposeNextTurn(
  writer: LanguageModelWriter,
  conversation: Conversation,
  draft: string,
): Promise<{ readonly prompt: string; readonly by: string } | undefined> {
  const styles = (await workspaceStyles().catch(() => [])).map(({ style }) => ({
    name: style.name,
    words: composePrompt('', style, false).trim().replace(/\n/g, '; '),
  }));
  const history = conversationSoFar(conversation);
  const request = promptWriterRequest({
    source: 'conversation',
    selection: draft.trim() || conversation.title || '',
    ...(history ? { section: { text: history, startLine: 1, endLine: conversation.turns.length } } : {}),
    languageId: 'plaintext',
    styles,
  });
  const written = await withNotificationProgress(vscode.l10n.t('Writing a prompt...'), (_progress, token) => writer.write(request, 'prompt', token));
  if (!written) return undefined;
  const prompt = cleanProposal(written.text);
  if (!prompt) {
    void showError(vscode.l10n.t('{0} wrote no prompt. Try again, or select more of the text.', written.by));
    return undefined;
  }
  return { prompt, by: written.by };
}
