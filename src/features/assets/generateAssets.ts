import { pickManifest } from './manifestPicker';
import type { Command } from '../../platform/command';
import type { AssetJobs } from './assetJobs';

/** Every missing or stale asset of a manifest: a plan in the panel first, then the run. */
export function generateAssetsCommand(services: { readonly assets: AssetJobs }): Command {
  return {
    async execute(clicked?: unknown) {
      const manifest = await pickManifest(clicked);
      if (manifest) return services.assets.generateAll(manifest);
    },
  };
}
