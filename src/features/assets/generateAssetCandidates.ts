import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import type { AssetJobs } from './assetJobs';

/** How many candidates the CodeLens drafts ("Generate 4 Candidates"): a 2x2 shortlist. */
export const CODELENS_CANDIDATES = 4;

/** One asset drafted as candidates to choose from in the panel, from the CodeLens above it. */
export function generateAssetCandidatesCommand(services: { readonly assets: AssetJobs }): Command {
  return {
    async execute(manifest?: unknown, index?: unknown, count?: unknown) {
      if (!(manifest instanceof vscode.Uri) || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
      const candidates = typeof count === 'number' && Number.isInteger(count) && count >= 2 && count <= 8 ? count : CODELENS_CANDIDATES;
      return services.assets.generateOne(manifest, index, candidates);
    },
  };
}
