/**
 * Writing one asset's answered image over its output, the way `writeAnswer` writes any other: as the Content
 * Credentials choice says, its recipe into the root's registry, and into recovery when the output cannot take it
 * (refused, changed on disk meanwhile, or the write failed), since the image was paid for either way.
 */
import * as path from 'node:path';
import { assetRecipe } from '../core/assets/assetRecipe';
import type { AssetFailureReason } from '../core/assets/assetFailure';
import type { ResolvedAsset } from '../core/assets/manifestParse';
import { placeImage, type ContentCredentialsChoice } from '../core/credentials/imagePlacement';
import { sha256Hex } from '../core/credentials/recipeRegistry';
import type { AssetFiles } from './containedFiles';
import type { RecipeRegistries } from './recipeRegistryFile';
import type { Recovery } from './recovery';
import type { JobLog } from './runImageJob';
import type { CheckedImage } from './writeAnswer';

/** What asset runs need to keep what they were paid for. */
export interface AssetKeeping {
  readonly recipes?: RecipeRegistries;
  readonly credentials?: ContentCredentialsChoice;
  readonly recovery?: Recovery;
}

export interface AssetWriteContext extends AssetKeeping {
  readonly files: AssetFiles;
  readonly root: string;
  readonly log: JobLog;
}

/** The bytes to write for an asset and its recipe. */
export function assetBytes(
  context: AssetKeeping,
  asset: ResolvedAsset,
  image: CheckedImage,
): { readonly bytes: Uint8Array; readonly recipe: ReturnType<typeof assetRecipe> } {
  const recipe = assetRecipe(asset);
  return { bytes: placeImage(image.bytes, asset.format, image.manifest, recipe, context.credentials ?? 'keep').bytes, recipe };
}

/** Keeps an asset's image in recovery; the failure reason says where (or that even recovery failed). */
export async function recoverAsset(
  context: AssetWriteContext,
  asset: ResolvedAsset,
  bytes: Uint8Array,
  reason: AssetFailureReason,
  requestId?: string,
): Promise<AssetFailureReason> {
  if (!context.recovery) return reason;
  try {
    const [kept] = await context.recovery.keep([{ bytes, fileName: path.posix.basename(asset.outPath), recipe: assetRecipe(asset) }], {
      intended: asset.out,
      reason: reason.code,
      requestId,
    });
    context.log.warn(`asset ${asset.key} not written (${reason.code}); its image is kept in recovery: ${kept}`);
    return { ...reason, recovered: kept };
  } catch (error) {
    context.log.error(`asset ${asset.key}: could not keep the image in recovery either: ${error instanceof Error ? error.message : String(error)}`);
    return reason;
  }
}

/** Replaces the output at `realPath` (checked by the caller) and records the recipe; recovery when the write fails. */
export async function replaceAsset(
  context: AssetWriteContext,
  asset: ResolvedAsset,
  image: CheckedImage,
  realPath: string,
  requestId?: string,
): Promise<{ readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: AssetFailureReason }> {
  const { bytes, recipe } = assetBytes(context, asset, image);
  try {
    await context.files.replace(realPath, bytes);
  } catch (error) {
    const reason: AssetFailureReason = { code: 'write-failed', detail: error instanceof Error ? error.message : String(error) };
    return { ok: false, reason: await recoverAsset(context, asset, bytes, reason, requestId) };
  }
  if (context.recipes) {
    await context.recipes
      .add(context.files, context.root, [{ sha256: sha256Hex(bytes), file: path.posix.relative(context.root, asset.outPath), recipe }])
      .catch((error: unknown) => context.log.warn(`recipe registry not updated: ${error instanceof Error ? error.message : String(error)}`));
  }
  return { ok: true, bytes };
}
