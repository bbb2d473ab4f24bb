import { pickManifest } from '../host/manifestPicker';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** The stale generated assets of a manifest as one Batch API job (about half the price, within 24 hours). */
export function submitAssetsBatchCommand(services: CommandServices): Command {
  return {
    id: CommandIds.submitAssetsBatch,
    async execute(clicked?: unknown) {
      const manifest = await pickManifest(clicked);
      if (manifest) return services.batches.submit(manifest);
    },
  };
}
