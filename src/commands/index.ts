import * as vscode from 'vscode';
import { checkSetupCommand } from './checkSetup';
import { clearApiKeyCommand } from './clearApiKey';
import { collectBatchResultsCommand } from './collectBatchResults';
import type { CommandServices } from './command';
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

export function registerCommands(services: CommandServices): vscode.Disposable {
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
  return vscode.Disposable.from(...commands.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.execute(...args))));
}
