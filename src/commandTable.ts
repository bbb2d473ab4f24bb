/**
 * The command table: every command id (`core/commandIds`, the same list `package.json` contributes; a unit test
 * compares them) with the function that builds its command. `extension.ts` registers the ids at activation and
 * runs these once the rest is loaded. Each builder takes only the services it names; TypeScript checks that the
 * table covers every id.
 */
import type * as vscode from 'vscode';
import type { CommandId } from './core/commandIds';
import { setUpOtherAgentsCommand } from './features/agents/setUpOtherAgents';
import { collectBatchResultsCommand } from './features/assets/collectBatchResults';
import { generateAssetCommand } from './features/assets/generateAsset';
import { generateAssetCandidatesCommand } from './features/assets/generateAssetCandidates';
import { generateAssetsCommand } from './features/assets/generateAssets';
import { writeAssetPromptCommand } from './features/assets/writeAssetPrompt';
import { submitAssetsBatchCommand } from './features/assets/submitAssetsBatch';
import type { AssetBatchJobs } from './features/assets/assetBatchJobs';
import type { AssetJobs } from './features/assets/assetJobs';
import type { CanvasSessions } from './features/canvas/canvasSessions';
import { drawEditCommand } from './features/canvas/drawEdit';
import { continueInConversationCommand } from './features/conversation/continueInConversation';
import type { ConversationPanels } from './features/conversation/conversationPanels';
import type { ConversationStore } from './features/conversation/conversationStore';
import { openConversationCommand } from './features/conversation/openConversation';
import { startConversationCommand } from './features/conversation/startConversation';
import { redoDrawingCommand, undoDrawingCommand } from './features/canvas/undoDrawing';
import { editImageCommand } from './features/edit/editImage';
import { editImageWithMaskCommand } from './features/edit/editImageWithMask';
import { generateCommand } from './features/generate/generate';
import { generateFromSelectionCommand } from './features/generate/generateFromSelection';
import { generateWithStyleCommand } from './features/generate/generateWithStyle';
import { regenerateFromFileCommand } from './features/generate/regenerateFromFile';
import { writePromptCommand } from './features/generate/writePrompt';
import { describeImageCommand } from './features/insert/describeImage';
import type { ImageDescriptions } from './features/writer/imageDescriptions';
import type { LanguageModelWriter } from './features/writer/languageModelWriter';
import type { ImagesPanel } from './features/panel/imagesPanel';
import { showPanelCommand } from './features/panel/showPanel';
import type { ImageRequestRunner } from './features/requests/imageRequestRunner';
import type { RecentPrompts } from './features/requests/recentPrompts';
import { checkSetupCommand } from './features/setup/checkSetup';
import { getStartedCommand } from './features/walkthrough/getStarted';
import type { Milestones } from './features/walkthrough/milestones';
import { showContentCredentialsCommand } from './features/credentials/showContentCredentials';
import { showRecoveryCommand } from './features/recovery/showRecovery';
import type { ContentCredentialsReader } from './pipeline/contentCredentials';
import type { Recovery } from './pipeline/recovery';
import type { WorkspaceRecipes } from './platform/workspaceRecipes';
import { clearApiKeyCommand } from './features/setup/clearApiKey';
import { setApiKeyCommand } from './features/setup/setApiKey';
import type { ApiKeyStore } from './platform/apiKeyStore';
import type { Command } from './platform/command';
import type { Logger } from './platform/logger';
import type { SettingsReader } from './platform/settingsReader';

/** Every service a command may ask for; each command's builder names its own subset. */
export interface CommandServices {
  readonly runner: ImageRequestRunner;
  readonly keys: ApiKeyStore;
  readonly settings: SettingsReader;
  readonly panel: ImagesPanel;
  readonly recentPrompts: RecentPrompts;
  readonly log: Logger;
  readonly assets: AssetJobs;
  readonly batches: AssetBatchJobs;
  readonly canvases: CanvasSessions;
  readonly conversationStore: ConversationStore;
  readonly conversationPanels: ConversationPanels;
  /** Where the extension is installed (the MCP server's script for other agents). */
  readonly extensionUri: vscode.Uri;
  readonly recipes: WorkspaceRecipes;
  readonly credentials: ContentCredentialsReader;
  readonly recovery: Recovery;
  readonly writer: LanguageModelWriter;
  readonly descriptions: ImageDescriptions;
  /** What the getting-started walkthrough has seen done. */
  readonly milestones: Milestones;
  /** `publisher.name`, for the walkthrough's id. */
  readonly extensionId: string;
}

export const COMMAND_TABLE: Readonly<Record<CommandId, (services: CommandServices) => Command>> = {
  'openaiImages.generateFromSelection': generateFromSelectionCommand,
  'openaiImages.generateWithStyle': generateWithStyleCommand,
  'openaiImages.generate': generateCommand,
  'openaiImages.writePrompt': writePromptCommand,
  'openaiImages.describeImage': describeImageCommand,
  'openaiImages.editImage': editImageCommand,
  'openaiImages.editImageWithMask': editImageWithMaskCommand,
  'openaiImages.drawEdit': drawEditCommand,
  'openaiImages.startConversation': startConversationCommand,
  'openaiImages.continueInConversation': continueInConversationCommand,
  'openaiImages.openConversation': openConversationCommand,
  'openaiImages.undoDrawing': undoDrawingCommand,
  'openaiImages.redoDrawing': redoDrawingCommand,
  'openaiImages.setApiKey': setApiKeyCommand,
  'openaiImages.clearApiKey': clearApiKeyCommand,
  'openaiImages.showPanel': showPanelCommand,
  'openaiImages.checkSetup': checkSetupCommand,
  'openaiImages.getStarted': getStartedCommand,
  'openaiImages.regenerateFromFile': regenerateFromFileCommand,
  'openaiImages.showContentCredentials': showContentCredentialsCommand,
  'openaiImages.showRecovery': showRecoveryCommand,
  'openaiImages.generateAssets': generateAssetsCommand,
  'openaiImages.generateAsset': generateAssetCommand,
  'openaiImages.generateAssetCandidates': generateAssetCandidatesCommand,
  'openaiImages.writeAssetPrompt': writeAssetPromptCommand,
  'openaiImages.submitAssetsBatch': submitAssetsBatchCommand,
  'openaiImages.collectBatchResults': collectBatchResultsCommand,
  'openaiImages.setUpOtherAgents': setUpOtherAgentsCommand,
};

export function createCommands(services: CommandServices): ReadonlyMap<CommandId, Command> {
  return new Map(Object.entries(COMMAND_TABLE).map(([id, create]) => [id as CommandId, create(services)]));
}
