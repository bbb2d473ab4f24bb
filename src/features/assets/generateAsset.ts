import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import type { AssetJobs } from './assetJobs';

/** One asset, from the CodeLens above it: its manifest and its index there. */
export function generateAssetCommand(services: { readonly assets: AssetJobs }): Command {
  return {
    async execute(manifest?: unknown, index?: unknown) {
      if (!(manifest instanceof vscode.Uri) || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
      return services.assets.generateOne(manifest, index);
    },
  };
}
