/** The image models this extension offers and what each one accepts. */

export const MODEL_IDS = ['gpt-image-1.5', 'gpt-image-1-mini', 'gpt-image-1', 'gpt-image-2', 'chatgpt-image-latest'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export const FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

export interface ModelCapabilities {
  /** Any valid WxH (gpt-image-2) instead of the three fixed sizes. */
  readonly freeSizes: boolean;
  /** Whether `input_fidelity` may be sent on edits. */
  readonly inputFidelity: 'supported' | 'unsupported' | 'always-high';
}

const CAPABILITIES: Record<ModelId, ModelCapabilities> = {
  'gpt-image-1.5': { freeSizes: false, inputFidelity: 'supported' },
  'gpt-image-1-mini': { freeSizes: false, inputFidelity: 'unsupported' },
  'gpt-image-1': { freeSizes: false, inputFidelity: 'supported' },
  // gpt-image-2 always processes inputs at high fidelity and refuses the parameter.
  'gpt-image-2': { freeSizes: true, inputFidelity: 'always-high' },
  'chatgpt-image-latest': { freeSizes: false, inputFidelity: 'supported' },
};

export function capabilitiesOf(model: ModelId): ModelCapabilities {
  return CAPABILITIES[model];
}

export interface SizeCheck {
  readonly ok: boolean;
  /** Why the size is refused, in English for logs; the UI maps `reason` to a localized text. */
  readonly reason?: 'not-offered' | 'not-multiple-of-16' | 'edge-too-long' | 'ratio' | 'pixels';
}

/** gpt-image-2's documented limits for free sizes. */
export const FREE_SIZE_LIMITS = { multiple: 16, maxEdge: 3840, maxRatio: 3, minPixels: 655_360, maxPixels: 8_294_400 } as const;

export function checkSize(model: ModelId, size: string): SizeCheck {
  if (size === 'auto') return { ok: true };
  if (!capabilitiesOf(model).freeSizes) {
    return (FIXED_SIZES as readonly string[]).includes(size) ? { ok: true } : { ok: false, reason: 'not-offered' };
  }
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match) return { ok: false, reason: 'not-offered' };
  const width = Number(match[1]);
  const height = Number(match[2]);
  const { multiple, maxEdge, maxRatio, minPixels, maxPixels } = FREE_SIZE_LIMITS;
  if (width % multiple !== 0 || height % multiple !== 0) return { ok: false, reason: 'not-multiple-of-16' };
  if (Math.max(width, height) > maxEdge) return { ok: false, reason: 'edge-too-long' };
  if (Math.max(width, height) / Math.min(width, height) > maxRatio) return { ok: false, reason: 'ratio' };
  const pixels = width * height;
  if (pixels < minPixels || pixels > maxPixels) return { ok: false, reason: 'pixels' };
  return { ok: true };
}
