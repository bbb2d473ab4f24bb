import * as vscode from 'vscode';
import { totalCost, type Conversation } from '../../core/conversation/conversation';
import { CommandIds } from '../../core/commandIds';
import { formatUsd } from '../../core/pricing';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import { forgetConversation } from './forgetConversation';
import type { ConversationServices } from './startConversation';

interface ConversationItem extends vscode.QuickPickItem {
  readonly conversation: Conversation;
}

/**
 * "Open Image Conversation...": this workspace's conversations, the latest first, to open again, or to forget
 * (the trash button; their images stay on disk).
 */
export function openConversationCommand(services: ConversationServices): Command {
  return {
    async execute() {
      const store = services.conversationStore;
      if (store.all().length === 0) {
        const start = vscode.l10n.t('Start Image Conversation');
        if ((await showInformation(vscode.l10n.t('This workspace has no image conversations yet.'), start)) === start)
          await vscode.commands.executeCommand(CommandIds.startConversation);
        return;
      }
      const forget: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Forget This Conversation') };
      const items = (): ConversationItem[] =>
        store.all().map((conversation) => ({
          label: conversation.title || vscode.l10n.t('New image conversation'),
          description: vscode.l10n.t('{0} turns, {1}', conversation.turns.length, formatUsd(totalCost(conversation))),
          detail: `${new Date(conversation.createdAt).toLocaleString()} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(conversation.folder))}`,
          buttons: [forget],
          conversation,
        }));
      const pick = vscode.window.createQuickPick<ConversationItem>();
      pick.title = vscode.l10n.t('Open Image Conversation');
      pick.placeholder = vscode.l10n.t('Choose a conversation to open');
      pick.matchOnDescription = true;
      // Forgetting asks in a dialog; the list stays open behind it for the next one.
      pick.ignoreFocusOut = true;
      pick.items = items();
      const chosen = await new Promise<Conversation | undefined>((resolve) => {
        pick.onDidAccept(() => resolve(pick.selectedItems[0]?.conversation));
        pick.onDidHide(() => resolve(undefined));
        pick.onDidTriggerItemButton(async ({ item }) => {
          if (!(await forgetConversation(services, item.conversation, item.label))) return;
          pick.items = items();
          if (pick.items.length === 0) pick.hide();
        });
        pick.show();
      });
      pick.dispose();
      if (chosen) services.conversationPanels.show(chosen.id);
    },
  };
}
