/** What a model accepts, answered from the catalogue: sizes, qualities, formats and the other controls. */
import { FIXED_SIZES, modelOrDefault, type FreeSizeLimits, type ModelEntry } from './modelCatalogue';

/** A model id as saved and sent: any catalogue id, or an id a newer version of the catalogue knows. */
export type ModelId = string;

export interface SizeCheck {
  readonly ok: boolean;
  /** Why the size is refused, in English for logs; the UI maps `reason` to a localized text. */
  readonly reason?: 'not-offered' | 'not-multiple-of-16' | 'edge-too-long' | 'ratio' | 'pixels';
}

function freeSizeLimits(model: string): FreeSizeLimits | undefined {
  const sizes = modelOrDefault(model).sizes;
  return sizes.kind === 'free' ? sizes.limits : undefined;
}

export function checkSize(model: string, size: string): SizeCheck {
  if (size === 'auto') return { ok: true };
  const limits = freeSizeLimits(model);
  if (!limits) return (FIXED_SIZES as readonly string[]).includes(size) ? { ok: true } : { ok: false, reason: 'not-offered' };
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match) return { ok: false, reason: 'not-offered' };
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width % limits.multiple !== 0 || height % limits.multiple !== 0) return { ok: false, reason: 'not-multiple-of-16' };
  if (Math.max(width, height) > limits.maxEdge) return { ok: false, reason: 'edge-too-long' };
  if (Math.max(width, height) / Math.min(width, height) > limits.maxRatio) return { ok: false, reason: 'ratio' };
  const pixels = width * height;
  if (pixels < limits.minPixels || pixels > limits.maxPixels) return { ok: false, reason: 'pixels' };
  return { ok: true };
}

export function capabilitiesOf(model: string): ModelEntry {
  return modelOrDefault(model);
}
