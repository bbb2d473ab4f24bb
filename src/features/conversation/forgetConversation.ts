/**
 * Forgetting a conversation: it leaves the list (its images stay on disk and in the history), and, where OpenAI
 * stores its responses, the user may delete those at OpenAI too instead of leaving them for OpenAI's 30 days.
 */
import * as vscode from 'vscode';
import { classifyError } from '../../api/classifyError';
import { connectionFor, hostOf, providerContext } from '../../api/imagesClient';
import { deleteResponses, type DeletedResponses } from '../../api/responsesClient';
import { storedResponseIds, type Conversation } from '../../core/conversation/conversation';
import { withAbortSignal } from '../../platform/cancellation';
import { showInformation, showWarning, withNotificationProgress } from '../../platform/notify';
import { presentFailure } from '../requests/failurePresenter';
import type { ConversationServices } from './startConversation';

/** Resolves true when the conversation was forgotten. */
export async function forgetConversation(services: ConversationServices, conversation: Conversation, title: string): Promise<boolean> {
  const t = vscode.l10n.t;
  const stored = storedResponseIds(conversation);
  const forget = t('Forget');
  const forgetAndDelete = t('Forget and Delete at OpenAI');
  const detail =
    stored.length > 0
      ? t('Its images stay on disk and in the history. OpenAI keeps its {0} stored responses for 30 days unless you delete them now.', stored.length)
      : t('Its images stay on disk and in the history; the conversation can no longer be continued.');
  const answer = await showWarning(
    t('Forget the conversation "{0}"?', title),
    { modal: true, detail },
    ...(stored.length > 0 ? [forgetAndDelete, forget] : [forget]),
  );
  if (answer === undefined) return false;
  if (answer === forgetAndDelete && !(await deleteStored(services, conversation, stored))) return false;
  services.conversationPanels.close(conversation.id);
  await services.conversationStore.remove(conversation.id);
  return true;
}

/** Deletes the stored responses; on failure says why and keeps the conversation, so it can be tried again. */
async function deleteStored(services: ConversationServices, conversation: Conversation, ids: readonly string[]): Promise<boolean> {
  const t = vscode.l10n.t;
  const apiKey = await services.keys.getOrAsk();
  if (!apiKey) {
    void showWarning(t('No API key was entered, so nothing was deleted.'));
    return false;
  }
  const settings = services.settings.read(vscode.Uri.parse(conversation.folder));
  const connection = connectionFor(settings, apiKey);
  const outcome = await withNotificationProgress(t('Deleting the stored responses of this conversation at OpenAI…'), (_progress, token) =>
    withAbortSignal(token, (signal) =>
      deleteResponses(connection, ids, signal).then(
        (done): DeletedResponses | { failed: unknown } => done,
        (error: unknown) => ({ failed: error }),
      ),
    ),
  );
  if ('failed' in outcome) {
    const failure = classifyError(outcome.failed, {
      model: conversation.model,
      host: hostOf(connection),
      ...providerContext(connection),
      timeoutSeconds: settings.requestTimeoutSeconds,
      secrets: [apiKey],
    });
    if (failure.kind !== 'cancelled') await presentFailure(failure, services.log);
    return false;
  }
  services.log.info(`Deleted ${outcome.deleted} stored responses of a conversation (${outcome.alreadyGone} already gone).`);
  void showInformation(t('Deleted {0} stored responses at OpenAI.', outcome.deleted + outcome.alreadyGone));
  return true;
}
