import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { newConversation } from '../../core/conversation/conversation';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { Command } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import type { SettingsReader } from '../../platform/settingsReader';
import { chooseOutputLocation } from '../requests/outputLocation';
import type { ConversationPanels } from './conversationPanels';
import type { ConversationStore } from './conversationStore';

import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';

export interface ConversationServices {
  readonly settings: SettingsReader;
  readonly keys: ApiKeyStore;
  readonly log: Logger;
  readonly conversationStore: ConversationStore;
  readonly conversationPanels: ConversationPanels;
  readonly recipes: WorkspaceRecipes;
}

/**
 * "Start Image Conversation": a new, empty conversation whose images go where a generated image would (beside
 * the active document, in openaiImages.outputFolder, or the workspace folder), shown in its own panel.
 */
export function startConversationCommand(services: ConversationServices): Command {
  return {
    async execute() {
      const source = vscode.window.activeTextEditor?.document.uri;
      const settings = services.settings.read(source);
      const location = await chooseOutputLocation(source, settings, 'image', OUTPUT_EXTENSIONS[settings.outputFormat]);
      if (!location) return;
      const id = randomUUID();
      await services.conversationStore.save(
        newConversation({
          id,
          now: Date.now(),
          model: settings.conversationModel,
          storage: settings.conversationStorage,
          folder: location.folder.toString(),
          stem: location.stem,
        }),
      );
      services.conversationPanels.show(id);
    },
  };
}
