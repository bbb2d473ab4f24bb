import * as vscode from 'vscode';
import { isManifest } from './manifestDocuments';
import type { Command } from '../../platform/command';
import type { AssetBatchJobs } from './assetBatchJobs';

/** Writes the images of a finished batch job recorded in a manifest's lock file. */
export function collectBatchResultsCommand(services: { readonly batches: AssetBatchJobs }): Command {
  return {
    async execute(clicked?: unknown) {
      const active = vscode.window.activeTextEditor?.document.uri;
      const manifest = clicked instanceof vscode.Uri && isManifest(clicked) ? clicked : active && isManifest(active) ? active : undefined;
      return services.batches.collect(manifest);
    },
  };
}
