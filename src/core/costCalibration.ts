/**
 * Estimates learn from the user's own bills: the image output tokens the API reported for their latest finished
 * requests with the same model, quality, size and complexity. Token counts of GPT Image 2.5 and 2.6 are not
 * published, so these beat any table.
 */
import { CALIBRATION_SAMPLES, imageTokensPerImage } from './pricing';
import type { ResultEntry } from './results';
import type { Complexity, Quality } from './modelCatalogue';

export interface CalibrationKey {
  readonly model: string;
  readonly quality: Quality;
  readonly size: string;
  readonly complexity: Complexity;
}

/** Tokens per image of the latest matching requests, newest first (entries are kept newest first). */
export function observedTokens(entries: readonly ResultEntry[], key: CalibrationKey): number[] {
  const found: number[] = [];
  for (const entry of entries) {
    if (found.length >= CALIBRATION_SAMPLES) break;
    if (entry.status !== 'done' || !entry.usage || entry.model !== key.model || entry.quality !== key.quality || entry.size !== key.size) continue;
    if ((entry.settings?.complexity ?? 'auto') !== key.complexity) continue;
    const imageTokens = entry.usage.outputImageTokens ?? entry.usage.outputTokens;
    found.push(imageTokensPerImage(imageTokens, entry.files.length || entry.settings?.count || 1, entry.partialImages));
  }
  return found;
}
