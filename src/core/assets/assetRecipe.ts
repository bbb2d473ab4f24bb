/** The recipe of an asset's image (see core/recipe), with its inputs relative to the image. */
import * as path from 'node:path';
import type { Recipe } from '../recipe';
import type { ResolvedAsset } from './manifestParse';

export function assetRecipe(asset: ResolvedAsset): Recipe {
  const relative = (file: string) => path.posix.relative(path.posix.dirname(asset.outPath), file);
  return {
    version: 1,
    kind: asset.edit ? 'edit' : 'generate',
    prompt: asset.prompt,
    model: asset.settings.model,
    size: asset.settings.size,
    quality: asset.settings.quality,
    complexity: asset.settings.complexity === 'auto' ? undefined : asset.settings.complexity,
    background: asset.settings.background,
    createdAt: new Date().toISOString(),
    sources: (asset.edit?.images ?? []).map(relative),
    mask: asset.edit?.mask ? relative(asset.edit.mask) : undefined,
    markup: asset.edit?.markup ? relative(asset.edit.markup) : undefined,
  };
}
