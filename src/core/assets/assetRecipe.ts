/** The recipe an asset's PNG carries (see core/recipe), with its inputs relative to the image. */
import * as path from 'node:path';
import { embedRecipe } from '../recipe';
import type { ResolvedAsset } from './manifestParse';

/** The bytes to write: PNGs get their recipe; other formats have no place for one. */
export function withAssetRecipe(image: Uint8Array, asset: ResolvedAsset): Uint8Array {
  if (asset.format !== 'png') return image;
  const relative = (file: string) => path.posix.relative(path.posix.dirname(asset.outPath), file);
  return embedRecipe(image, {
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
  });
}
