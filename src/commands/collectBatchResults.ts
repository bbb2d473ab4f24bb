import * as vscode from 'vscode';
import { isManifest } from '../host/manifestDocuments';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** Writes the images of a finished batch job recorded in a manifest's lock file. */
export function collectBatchResultsCommand(services: CommandServices): Command {
  return {
    id: CommandIds.collectBatchResults,
    async execute(clicked?: unknown) {
      const active = vscode.window.activeTextEditor?.document.uri;
      const manifest = clicked instanceof vscode.Uri && isManifest(clicked) ? clicked : active && isManifest(active) ? active : undefined;
      return services.batches.collect(manifest);
    },
  };
}
