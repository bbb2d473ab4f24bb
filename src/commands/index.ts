import { checkSetupCommand } from './checkSetup';
import { clearApiKeyCommand } from './clearApiKey';
import { collectBatchResultsCommand } from './collectBatchResults';
import type { Command, CommandServices } from './command';
import { editImageCommand } from './editImage';
import { editImageWithMaskCommand } from './editImageWithMask';
import { generateCommand } from './generate';
import { generateAssetCommand } from './generateAsset';
import { generateAssetsCommand } from './generateAssets';
import { generateFromSelectionCommand } from './generateFromSelection';
import { regenerateFromFileCommand } from './regenerateFromFile';
import { setApiKeyCommand } from './setApiKey';
import { showPanelCommand } from './showPanel';
import { submitAssetsBatchCommand } from './submitAssetsBatch';

/** Every command, by id; `extension.ts` registers the ids at once and runs these once they are loaded. */
export function createCommands(services: CommandServices): ReadonlyMap<string, Command> {
  const commands = [
    generateFromSelectionCommand,
    generateCommand,
    editImageCommand,
    editImageWithMaskCommand,
    setApiKeyCommand,
    clearApiKeyCommand,
    showPanelCommand,
    checkSetupCommand,
    regenerateFromFileCommand,
    generateAssetsCommand,
    generateAssetCommand,
    submitAssetsBatchCommand,
    collectBatchResultsCommand,
  ].map((create) => create(services));
  return new Map(commands.map((command) => [command.id, command]));
}
