/**
 * What is written for an image the API returned, and where its recipe goes. The rule (README, "Content
 * Credentials"): a file that carries OpenAI's signed manifest is written byte for byte as it arrived and its recipe
 * goes to the recipe registry only; a file without one (a compatible endpoint, or after `strip`) may also carry
 * the recipe in a PNG text chunk, as files did before.
 */
import { withoutManifest } from './stripManifest';
import type { ImageFormat } from '../imageBytes';
import { embedRecipe, type Recipe } from '../recipe';

export const CONTENT_CREDENTIALS_CHOICES = ['keep', 'strip'] as const;
export type ContentCredentialsChoice = (typeof CONTENT_CREDENTIALS_CHOICES)[number];

/** What happened to the manifest an answer carried. */
export type ManifestFate = 'kept' | 'stripped' | 'none';

export interface PlacedImage {
  readonly bytes: Uint8Array;
  readonly manifest: ManifestFate;
  /** Whether the recipe is inside the file (a PNG without a manifest). */
  readonly embedded: boolean;
}

/**
 * The bytes to write for a checked answer image of `format` (`manifest`: whether it carries a manifest store, from
 * `inspectContainer`) under the user's choice.
 */
export function placeImage(
  bytes: Uint8Array,
  format: ImageFormat | 'gif' | 'svg',
  manifest: boolean,
  recipe: Recipe | undefined,
  choice: ContentCredentialsChoice,
): PlacedImage {
  if (manifest && format !== 'gif' && format !== 'svg') {
    if (choice === 'keep') return { bytes, manifest: 'kept', embedded: false };
    const stripped = withoutManifest(bytes, format);
    return format === 'png' && recipe
      ? { bytes: embedRecipe(stripped, recipe), manifest: 'stripped', embedded: true }
      : { bytes: stripped, manifest: 'stripped', embedded: false };
  }
  if (format === 'png' && recipe) return { bytes: embedRecipe(bytes, recipe), manifest: 'none', embedded: true };
  return { bytes, manifest: 'none', embedded: false };
}
