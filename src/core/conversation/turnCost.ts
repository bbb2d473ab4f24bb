/**
 * What a conversation turn costs: the mainline model's tokens plus the image tool's. Before the turn it is an
 * estimate (the image from the catalogue like any request; the mainline model from the conversation so far,
 * which it reads again on every turn); after it, the tokens the response reports.
 */
import { actualCost, estimateCost, inputImageTokens, type CostEstimate, type UsageTokens } from '../pricing';
import type { Complexity, Quality } from '../modelCatalogue';
import { mainlineRates } from './mainlineModels';

/** The instructions and the tool's definition, read on every turn. */
export const TURN_OVERHEAD_TOKENS = 400;
/**
 * What the mainline model writes per turn: the tool's prompt, a sentence, its reasoning. Not published; an upper
 * guess, since reasoning tokens are billed as output.
 */
export const MAINLINE_OUTPUT_GUESS = 1500;

export interface TurnEstimateInput {
  readonly conversationModel: string;
  readonly imageModel: string;
  readonly size: string;
  readonly quality: Quality;
  readonly complexity?: Complexity;
  readonly partialImages: number;
  readonly prompt: string;
  /** Tokens of the conversation so far (the last turn's input plus output); 0 on the first turn. */
  readonly contextTokens: number;
  /** The image the turn sends or edits: a start image, or the last turn's result. */
  readonly inputImage?: { readonly width: number; readonly height: number };
  readonly observedTokens?: readonly number[];
}

export interface TurnEstimate extends CostEstimate {
  readonly imageUsd: number;
  readonly mainlineUsd: number;
}

export function estimateTurn(input: TurnEstimateInput): TurnEstimate {
  const image = estimateCost({
    model: input.imageModel,
    size: input.size,
    quality: input.quality,
    n: 1,
    complexity: input.complexity,
    partialImages: input.partialImages,
    observedTokens: input.observedTokens,
    inputImages: input.inputImage ? [input.inputImage] : undefined,
  });
  const { rates } = mainlineRates(input.conversationModel);
  const seen = input.inputImage ? inputImageTokens(input.inputImage, false) : 0;
  const inputTokens = TURN_OVERHEAD_TOKENS + Math.ceil(input.prompt.length / 4) + input.contextTokens + seen;
  const mainlineUsd = (inputTokens * rates.input + MAINLINE_OUTPUT_GUESS * rates.output) / 1_000_000;
  return { usd: image.usd + mainlineUsd, approximate: true, basis: image.basis, samples: image.samples, imageUsd: image.usd, mainlineUsd };
}

export interface MainlineUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly input_tokens_details?: { readonly cached_tokens?: number };
}

export interface TurnCost {
  readonly usd: number;
  readonly mainlineUsd: number;
  readonly imageUsd: number;
}

/** The turn's cost from the response's `usage` (mainline) and `tool_usage.image_gen` (image). */
export function actualTurnCost(conversationModel: string, imageModel: string, usage: MainlineUsage | undefined, imageUsage: UsageTokens | undefined): TurnCost {
  const { rates } = mainlineRates(conversationModel);
  const cached = Math.min(usage?.input_tokens_details?.cached_tokens ?? 0, usage?.input_tokens ?? 0);
  const mainlineUsd = usage ? ((usage.input_tokens - cached) * rates.input + cached * rates.cachedInput + usage.output_tokens * rates.output) / 1_000_000 : 0;
  const imageUsd = imageUsage ? actualCost(imageModel, imageUsage) : 0;
  return { usd: mainlineUsd + imageUsd, mainlineUsd, imageUsd };
}
