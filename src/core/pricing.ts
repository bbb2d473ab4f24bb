/**
 * What an image costs, from the model catalogue's prices. Estimates come from published per-image prices where
 * OpenAI publishes them, from the user's own recent requests where there are some for the same model, quality,
 * size and complexity ("calibrated"), and otherwise from token rates and a token model marked approximate.
 * Actual costs come from the tokens the API reports.
 */
import { compatiblePriceUsd, type CompatibleTarget } from './compatibleModels';
import { INPUT_IMAGE_TOKENS, modelOrDefault, type Complexity, type ModelEntry, type Quality, type RenderedQuality } from './modelCatalogue';

export const PRICES_AS_OF = '2026-11-22';

/** The Batch API bills requests at half the price (OpenAI's pricing page). */
export const BATCH_DISCOUNT = 0.5;

/** OpenAI's figure for what one streamed partial image adds to a request's output tokens. */
export const PARTIAL_IMAGE_TOKENS = 100;

/**
 * How complexity scales output tokens in the token model. Not published: an upper guess until the user's own
 * requests calibrate the estimate; `auto` (the model's default) counts as medium.
 */
const COMPLEXITY_FACTOR: Record<Complexity, number> = { auto: 1, low: 1, medium: 1, high: 1.5 };

/** How many of the user's latest matching requests calibrate an estimate. */
export const CALIBRATION_SAMPLES = 6;

export type EstimateBasis = 'per-image' | 'token-rates' | 'calibrated' | 'declared';

export interface CostEstimate {
  /** USD for all images of the request: output, plus an edit's input images. */
  readonly usd: number;
  /** True where the figure is an upper bound or a scale rather than a published price. */
  readonly approximate: boolean;
  readonly basis?: EstimateBasis;
  /** For a calibrated estimate: how many earlier requests it comes from. */
  readonly samples?: number;
  /**
   * No token counts are published or measured for this model yet: the figure is an upper bound over another model's
   * (see ModelPricing.copiedTokens) until the user's own requests calibrate it.
   */
  readonly unmeasured?: boolean;
  /** A compatible server's model with no declared price: `usd` is 0 and is shown as unknown, never as free. */
  readonly unknown?: boolean;
}

export interface EstimateInput {
  readonly model: string;
  readonly size: string;
  readonly quality: Quality;
  readonly n: number;
  readonly complexity?: Complexity;
  /** Partial images streamed per image; each adds about PARTIAL_IMAGE_TOKENS output tokens. */
  readonly partialImages?: number;
  /** Image output tokens per image that the API reported for the user's latest matching requests. */
  readonly observedTokens?: readonly number[];
  /** An edit's input images (mask or markup included); `undefined` dimensions count at the most expensive shape. */
  readonly inputImages?: ReadonlyArray<{ readonly width: number; readonly height: number } | undefined>;
  readonly inputFidelity?: 'low' | 'high';
}

/** An input of unknown dimensions counts as the widest shape the API takes (3:1) at high fidelity's oblong figure. */
const UNKNOWN_INPUT = { width: 3072, height: 1024 };

/** Input tokens of one image under the token model of INPUT_IMAGE_TOKENS. */
export function inputImageTokens(image: { readonly width: number; readonly height: number }, highFidelity: boolean): number {
  const { base, perTile, tile, fit, shortSide, highFidelity: extra } = INPUT_IMAGE_TOKENS;
  const fitScale = Math.min(1, fit / Math.max(image.width, image.height, 1));
  let width = image.width * fitScale;
  let height = image.height * fitScale;
  const shortScale = Math.min(1, shortSide / Math.max(1, Math.min(width, height)));
  width *= shortScale;
  height *= shortScale;
  const tiles = Math.ceil(width / tile) * Math.ceil(height / tile);
  const square = Math.abs(image.width - image.height) <= Math.min(image.width, image.height) * 0.1;
  return base + perTile * tiles + (highFidelity ? (square ? extra.square : extra.oblong) : 0);
}

/** What an edit's inputs add: billed once per request, whatever the number of images asked for. */
function inputsUsd(entry: ModelEntry, input: EstimateInput): number {
  if (!input.inputImages || input.inputImages.length === 0) return 0;
  const highFidelity = entry.inputFidelity === 'omit' || input.inputFidelity === 'high';
  const tokens = input.inputImages.reduce((sum, image) => sum + inputImageTokens(image ?? UNKNOWN_INPUT, highFidelity), 0);
  return (tokens * entry.pricing.tokens.imageIn) / 1_000_000;
}

const STANDARD = ['low', 'medium', 'high'] as const;

function sizeShape(size: string): { kind: 'square' | 'oblong' | 'auto' | 'free'; pixels: number } {
  if (size === '1024x1024') return { kind: 'square', pixels: 1024 * 1024 };
  if (size === '1536x1024' || size === '1024x1536') return { kind: 'oblong', pixels: 1536 * 1024 };
  if (size === 'auto') return { kind: 'auto', pixels: 0 };
  const [width, height] = size.split('x').map(Number) as [number, number];
  return { kind: 'free', pixels: width * height };
}

/** Output tokens of one image from the catalogue's token model; free sizes scale the square figure by pixels. */
export function modelOutputTokens(entry: ModelEntry, quality: RenderedQuality, size: string, complexity: Complexity = 'auto'): number {
  const [square, oblong] = entry.pricing.outputTokens[quality];
  const shape = sizeShape(size);
  const base =
    shape.kind === 'square'
      ? square
      : shape.kind === 'oblong'
        ? oblong
        : shape.kind === 'auto'
          ? Math.max(square, oblong)
          : square * (shape.pixels / (1024 * 1024));
  return base * COMPLEXITY_FACTOR[complexity];
}

/** `auto` quality and size are estimated at their most expensive choice, so a confirmation is never too low. */
export function estimateCost(input: EstimateInput): CostEstimate {
  const output = outputEstimate(input);
  const inputs = inputsUsd(modelOrDefault(input.model), input);
  return inputs === 0 ? output : { ...output, usd: output.usd + inputs, approximate: true };
}

function outputEstimate(input: EstimateInput): CostEstimate {
  const entry = modelOrDefault(input.model);
  const rates = entry.pricing.tokens;
  const partialsUsd = ((input.partialImages ?? 0) * PARTIAL_IMAGE_TOKENS * rates.imageOut) / 1_000_000;
  const observed = (input.observedTokens ?? []).slice(0, CALIBRATION_SAMPLES);
  if (observed.length > 0) {
    const tokens = observed.reduce((sum, value) => sum + value, 0) / observed.length;
    return { usd: ((tokens * rates.imageOut) / 1_000_000 + partialsUsd) * input.n, approximate: false, basis: 'calibrated', samples: observed.length };
  }
  const qualities: readonly RenderedQuality[] = input.quality === 'auto' ? STANDARD : [input.quality];
  const shape = sizeShape(input.size);
  const complexity = input.complexity ?? 'auto';
  const published = entry.pricing.perImage;
  const perImagePrices = qualities.map((quality) => published?.[quality]);
  if (
    complexity === 'auto' &&
    (shape.kind === 'square' || shape.kind === 'oblong' || shape.kind === 'auto') &&
    perImagePrices.every((row) => row !== undefined)
  ) {
    const perImage = Math.max(...perImagePrices.map((row) => (shape.kind === 'square' ? row![0] : shape.kind === 'oblong' ? row![1] : Math.max(...row!))));
    const approximate = input.quality === 'auto' || shape.kind === 'auto' || entry.pricing.derived !== undefined;
    return { usd: (perImage + partialsUsd) * input.n, approximate, basis: 'per-image' };
  }
  if (published && shape.kind === 'free' && complexity === 'auto' && perImagePrices.every((row) => row !== undefined)) {
    // A published square price scaled by pixels.
    const perImage = Math.max(...perImagePrices.map((row) => row![0] * (shape.pixels / (1024 * 1024))));
    return { usd: (perImage + partialsUsd) * input.n, approximate: true, basis: 'per-image' };
  }
  const copied = entry.pricing.copiedTokens;
  const tokens = Math.max(...qualities.map((quality) => modelOutputTokens(entry, quality, input.size, complexity))) * (copied?.upperBound ?? 1);
  return {
    usd: ((tokens * rates.imageOut) / 1_000_000 + partialsUsd) * input.n,
    approximate: true,
    basis: 'token-rates',
    ...(copied ? { unmeasured: true } : {}),
  };
}

export interface UsageTokens {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly input_tokens_details?: { readonly image_tokens?: number; readonly text_tokens?: number };
  readonly output_tokens_details?: { readonly image_tokens?: number; readonly text_tokens?: number } | null;
}

export interface SvgUsageTokens {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/**
 * The cost of a finished request from the tokens the API reports. Text output tokens are priced at the model's
 * text output rate, or its image output rate where none is published (an upper bound). The SVG author's tokens
 * are priced at the image model's text input and output rates: the author model's own prices are not published
 * in the API's answer.
 */
export function actualCost(model: string, usage: UsageTokens, svgUsage?: SvgUsageTokens): number {
  const rates = modelOrDefault(model).pricing.tokens;
  const textOut = rates.textOut ?? rates.imageOut;
  const imageIn = usage.input_tokens_details?.image_tokens ?? 0;
  const textIn = usage.input_tokens_details?.text_tokens ?? Math.max(0, usage.input_tokens - imageIn);
  const details = usage.output_tokens_details;
  const imageOut = details?.image_tokens ?? (details?.text_tokens !== undefined ? Math.max(0, usage.output_tokens - details.text_tokens) : usage.output_tokens);
  const textOutTokens = details?.text_tokens ?? 0;
  const image = textIn * rates.textIn + imageIn * rates.imageIn + imageOut * rates.imageOut + textOutTokens * textOut;
  const svg = svgUsage ? svgUsage.input_tokens * rates.textIn + svgUsage.output_tokens * textOut : 0;
  return (image + svg) / 1_000_000;
}

/** Image output tokens per image of a finished request, without the partial images: what calibrates estimates. */
export function imageTokensPerImage(outputTokens: number, n: number, partialImages: number | undefined): number {
  return Math.max(0, outputTokens / Math.max(1, n) - (partialImages ?? 0) * PARTIAL_IMAGE_TOKENS);
}

/** `$0.034`, `$1.20`: cents keep three decimals below a dollar, where image prices live. */
export function formatUsd(usd: number): string {
  return usd < 1 ? `$${usd.toFixed(3)}` : `$${usd.toFixed(2)}`;
}

/** A compatible server's model: the price the user declared for it, or an unknown cost (never OpenAI's prices). */
export function compatibleEstimate(target: CompatibleTarget, n: number): CostEstimate {
  const usd = compatiblePriceUsd(target, n);
  return usd === undefined ? { usd: 0, approximate: false, unknown: true } : { usd, approximate: false, basis: 'declared' };
}
