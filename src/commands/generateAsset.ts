import * as vscode from 'vscode';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** One asset, from the CodeLens above it: its manifest and its index there. */
export function generateAssetCommand(services: CommandServices): Command {
  return {
    id: CommandIds.generateAsset,
    async execute(manifest?: unknown, index?: unknown) {
      if (!(manifest instanceof vscode.Uri) || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
      return services.assets.generateOne(manifest, index);
    },
  };
}
