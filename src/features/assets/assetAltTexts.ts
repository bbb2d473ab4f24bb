/**
 * After Generate Assets (or when it finds nothing to make): each up-to-date asset with `"alt": "auto"` whose file has
 * no description yet is described by the writer model (features/writer), and the lock records the description with
 * the hash of the file it describes, so a check in CI reads it and never calls a model. An asset's own alt words are
 * kept in the recipe registry, where every insert path finds them.
 */
import * as vscode from 'vscode';
import { altTextsWanted, AUTO_ALT, withAltText } from '../../core/assets/assetAlt';
import { parseLockFile, serializeLockFile } from '../../core/assets/assetLock';
import { readContained, TEXT_FILE_LIMIT, writableContained } from '../../pipeline/containedFiles';
import type { Logger } from '../../platform/logger';
import { showWarning } from '../../platform/notify';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { ImageDescriptions } from '../writer/imageDescriptions';
import { loadManifest } from './manifestDocuments';

export interface AssetAltDeps {
  readonly descriptions: ImageDescriptions;
  readonly recipes: WorkspaceRecipes;
  readonly log: Logger;
}

/** The manifest's own alt words, kept for its current files so an insert uses them. */
async function keepOwnWords(deps: AssetAltDeps, manifestUri: vscode.Uri, items: ReadonlyArray<{ asset: { alt?: string; outPath: string } }>) {
  for (const { asset } of items) {
    if (asset.alt === undefined || asset.alt === AUTO_ALT) continue;
    const file = manifestUri.with({ path: asset.outPath });
    const bytes = await vscode.workspace.fs.readFile(file).then(
      (read) => read,
      () => undefined,
    );
    if (!bytes || (await deps.recipes.descriptionOf(file, bytes)) === asset.alt) continue;
    await deps.recipes.describe(file, bytes, asset.alt, 'manifest');
  }
}

/** Describes what the manifest wants described; returns how many descriptions the lock now records anew, and says when some could not be. */
export async function describeAssets(deps: AssetAltDeps, manifestUri: vscode.Uri): Promise<number> {
  const result = await loadManifest(manifestUri);
  if (!result.ok) return 0;
  const { loaded } = result;
  await keepOwnWords(
    deps,
    manifestUri,
    loaded.plan.items.filter((item) => item.status === 'up-to-date'),
  );
  const wanted = altTextsWanted(loaded.plan, loaded.lock);
  const files = workspaceAssetFiles(manifestUri);
  let recorded = 0;
  for (const item of wanted) {
    const file = manifestUri.with({ path: item.asset.outPath });
    const alt = await deps.descriptions.describe(file, { edit: false });
    if (!alt || !item.fileHash) continue;
    // Read afresh: another run may have written the lock meanwhile.
    const read = await readContained(files, loaded.root, loaded.lockUri.path, TEXT_FILE_LIMIT);
    const lock = read.ok && read.bytes ? parseLockFile(new TextDecoder().decode(read.bytes)).lock : loaded.lock;
    const described = withAltText(lock, item.asset.key, item.fileHash, alt);
    const target = await writableContained(files, loaded.root, loaded.lockUri.path);
    if (!described || !target.ok) continue;
    await files.replace(target.realPath, new TextEncoder().encode(serializeLockFile(described)));
    recorded += 1;
  }
  if (wanted.length === 0) return 0;
  deps.log.info(`Alt text: ${recorded} of ${wanted.length} asset(s) of ${manifestUri.path} described.`);
  if (recorded < wanted.length)
    void showWarning(
      vscode.l10n.t(
        '{0} asset(s) want alt text ("alt": "auto") that no language model wrote: check openaiImages.writerModel, or run Describe the Image on them.',
        wanted.length - recorded,
      ),
    );
  return recorded;
}
