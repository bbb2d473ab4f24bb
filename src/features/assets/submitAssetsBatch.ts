import { pickManifest } from './manifestPicker';
import type { Command } from '../../platform/command';
import type { AssetBatchJobs } from './assetBatchJobs';

/** The stale generated assets of a manifest as one Batch API job (about half the price, within 24 hours). */
export function submitAssetsBatchCommand(services: { readonly batches: AssetBatchJobs }): Command {
  return {
    async execute(clicked?: unknown) {
      const manifest = await pickManifest(clicked);
      if (manifest) return services.batches.submit(manifest);
    },
  };
}
