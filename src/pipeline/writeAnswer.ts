/**
 * Writing the images of an answer that was paid for, the one way every route does it:
 * - each image as the user's Content Credentials choice says (core/credentials/imagePlacement: byte for byte when
 *   it carries a manifest and the choice is `keep`);
 * - under a fresh name, never over a file (writeImages);
 * - its recipe into the workspace's recipe registry, which costs the recipe, never the image, when it fails;
 * - and when the folder cannot take them, into recovery instead, so the failure says where they are.
 */
import { placeImage, type ContentCredentialsChoice, type ManifestFate } from '../core/credentials/imagePlacement';
import { candidateName } from '../core/fileNaming';
import type { OutputFormat } from '../core/modelCatalogue';
import { OUTPUT_EXTENSIONS } from '../core/outputFiles';
import type { Recipe } from '../core/recipe';
import type { RecipeSink } from './recipeRegistryFile';
import type { Recovery } from './recovery';
import type { TargetFolder } from './targetFolder';
import { WriteError, writeImages } from './writeImages';

/** An answer's image after the whole-file check: its bytes, and whether it carries a C2PA manifest. */
export interface CheckedImage {
  readonly bytes: Uint8Array;
  readonly manifest: boolean;
}

export interface AnswerTarget {
  readonly folder: TargetFolder;
  readonly stem: string;
  readonly format: OutputFormat;
  readonly recipe?: Recipe;
  readonly recipes?: RecipeSink;
  readonly credentials?: ContentCredentialsChoice;
  readonly recovery?: Recovery;
  readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  readonly requestId?: string;
}

export type WrittenAnswer =
  | { readonly ok: true; readonly files: string[]; readonly manifests: ManifestFate[] }
  | { readonly ok: false; readonly failure: { readonly path: string; readonly detail: string; readonly recovered?: string[] } };

async function recover(target: AnswerTarget, images: readonly Uint8Array[], intended: string, detail: string): Promise<string[] | undefined> {
  if (!target.recovery) return undefined;
  const extension = OUTPUT_EXTENSIONS[target.format];
  try {
    // Every image of the answer, any already written too: the user saves the set from one place.
    const recovered = await target.recovery.keep(
      images.map((bytes, index) => ({ bytes, fileName: candidateName(target.stem, extension, index), recipe: target.recipe })),
      { intended, reason: detail, requestId: target.requestId },
    );
    target.log.warn(`could not write ${intended} (${detail}); kept in recovery: ${recovered.join(', ')}`);
    return recovered;
  } catch (error) {
    target.log.error(`could not keep the image in recovery either: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export async function writeAnswer(target: AnswerTarget, images: readonly CheckedImage[]): Promise<WrittenAnswer> {
  const { recipe } = target;
  const placed = images.map((image) => placeImage(image.bytes, target.format, image.manifest, recipe, target.credentials ?? 'keep'));
  const bytes = placed.map((image) => image.bytes);
  const extension = OUTPUT_EXTENSIONS[target.format];
  let files: string[];
  try {
    files = await writeImages(target.folder, target.stem, extension, bytes);
  } catch (error) {
    const fileName = error instanceof WriteError ? error.fileName : candidateName(target.stem, extension, 0);
    const detail = error instanceof Error ? error.message : String(error);
    const intended = `${target.folder.label}/${fileName}`;
    const recovered = await recover(target, bytes, intended, detail);
    return { ok: false, failure: { path: intended, detail, ...(recovered ? { recovered } : {}) } };
  }
  if (recipe && target.recipes) {
    await target.recipes
      .record(files.map((name, index) => ({ name, bytes: bytes[index]!, recipe })))
      .catch((error: unknown) => target.log.warn(`recipe registry not updated: ${error instanceof Error ? error.message : String(error)}`));
  }
  return { ok: true, files, manifests: placed.map((image) => image.manifest) };
}
