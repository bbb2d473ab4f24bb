import { pickManifest } from '../host/manifestPicker';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';

/** Every missing or stale asset of a manifest: a plan in the panel first, then the run. */
export function generateAssetsCommand(services: CommandServices): Command {
  return {
    id: CommandIds.generateAssets,
    async execute(clicked?: unknown) {
      const manifest = await pickManifest(clicked);
      if (manifest) return services.assets.generateAll(manifest);
    },
  };
}
