/**
 * What an image costs. Per-image prices are OpenAI's published output prices; token rates turn a response's
 * `usage` into the actual cost. Source: OpenAI's image generation pricing as collected in
 * shared/notes/images-api.md (November 2026). Where a price is not published for a model or size, the
 * estimate says so with `approximate`.
 */
import type { ModelId } from './models';

export const PRICES_AS_OF = '2026-11';

/** The Batch API bills requests at half the price (OpenAI's pricing page). */
export const BATCH_DISCOUNT = 0.5;

type Quality = 'low' | 'medium' | 'high';
type PriceRow = Record<Quality, readonly [square: number, oblong: number]>;

/** USD per image: [1024x1024, 1024x1536 or 1536x1024]. */
const PER_IMAGE: Record<Exclude<ModelId, 'chatgpt-image-latest'>, PriceRow> = {
  'gpt-image-1.5': { low: [0.009, 0.013], medium: [0.034, 0.05], high: [0.133, 0.2] },
  'gpt-image-1': { low: [0.011, 0.016], medium: [0.042, 0.063], high: [0.167, 0.25] },
  'gpt-image-1-mini': { low: [0.005, 0.006], medium: [0.011, 0.015], high: [0.036, 0.052] },
  'gpt-image-2': { low: [0.006, 0.005], medium: [0.053, 0.041], high: [0.211, 0.165] },
};

/** USD per million tokens. */
interface TokenRates {
  readonly textIn: number;
  readonly imageIn: number;
  readonly imageOut: number;
}

const TOKEN_RATES: Record<Exclude<ModelId, 'chatgpt-image-latest'>, TokenRates> = {
  'gpt-image-1.5': { textIn: 5, imageIn: 8, imageOut: 32 },
  'gpt-image-1': { textIn: 5, imageIn: 10, imageOut: 40 },
  'gpt-image-1-mini': { textIn: 2, imageIn: 2.5, imageOut: 8 },
  // Only the output rate is published; inputs are assumed to cost what gpt-image-1.5's do.
  'gpt-image-2': { textIn: 5, imageIn: 8, imageOut: 30 },
};

/** The ChatGPT alias is billed like the model it points to; gpt-image-1.5 is the closest published price. */
function priced(model: ModelId): Exclude<ModelId, 'chatgpt-image-latest'> {
  return model === 'chatgpt-image-latest' ? 'gpt-image-1.5' : model;
}

export interface CostEstimate {
  /** USD for all images of the request, output only. */
  readonly usd: number;
  /** True where the size, quality or model has no published price and the figure is an upper bound or a scale. */
  readonly approximate: boolean;
}

export interface EstimateInput {
  readonly model: ModelId;
  readonly size: string;
  readonly quality: 'auto' | Quality;
  readonly n: number;
  /** Partial images streamed per image; each adds about PARTIAL_IMAGE_TOKENS output tokens. */
  readonly partialImages?: number;
}

/** OpenAI's figure for what one streamed partial image adds to a request's output tokens. */
export const PARTIAL_IMAGE_TOKENS = 100;

/** `auto` quality and size are estimated at their most expensive choice, so a confirmation is never too low. */
export function estimateCost(input: EstimateInput): CostEstimate {
  const model = priced(input.model);
  const qualities: readonly Quality[] = input.quality === 'auto' ? ['low', 'medium', 'high'] : [input.quality];
  let approximate = input.quality === 'auto' || input.model === 'chatgpt-image-latest';
  const perQuality = (quality: Quality): number => {
    const [square, oblong] = PER_IMAGE[model][quality];
    if (input.size === '1024x1024') return square;
    if (input.size === '1536x1024' || input.size === '1024x1536') return oblong;
    if (input.size === 'auto') {
      approximate = true;
      return Math.max(square, oblong);
    }
    // gpt-image-2's free sizes: scale the square price by the number of pixels.
    approximate = true;
    const [width, height] = input.size.split('x').map(Number) as [number, number];
    return square * ((width * height) / (1024 * 1024));
  };
  const perImage = Math.max(...qualities.map(perQuality));
  const partials = ((input.partialImages ?? 0) * PARTIAL_IMAGE_TOKENS * TOKEN_RATES[model].imageOut) / 1_000_000;
  return { usd: (perImage + partials) * input.n, approximate };
}

export interface UsageTokens {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly input_tokens_details?: { readonly image_tokens?: number; readonly text_tokens?: number };
}

/** The cost of a finished request from the tokens the API reports using. */
export function actualCost(model: ModelId, usage: UsageTokens): number {
  const rates = TOKEN_RATES[priced(model)];
  const imageIn = usage.input_tokens_details?.image_tokens ?? 0;
  const textIn = usage.input_tokens_details?.text_tokens ?? Math.max(0, usage.input_tokens - imageIn);
  return (textIn * rates.textIn + imageIn * rates.imageIn + usage.output_tokens * rates.imageOut) / 1_000_000;
}

/** `$0.034`, `$1.20`: cents keep three decimals below a dollar, where image prices live. */
export function formatUsd(usd: number): string {
  return usd < 1 ? `$${usd.toFixed(3)}` : `$${usd.toFixed(2)}`;
}
