/**
 * Which language model writes prompts and alt text (`openaiImages.writerModel`): one of VS Code's language models
 * (Copilot's or any installed provider's, no second key), or `openai`: the OpenAI key with a mainline model through
 * the Responses API, paid and estimated like an image.
 */
import { mainlineRates } from '../conversation/mainlineModels';
import type { WriterRequest } from './writerInstructions';

export type WriterChoice =
  /** The first of VS Code's language models (Copilot's first when there are several vendors). */
  | { readonly kind: 'auto' }
  /** A VS Code language model by vendor, and family when given (`copilot/gpt-4o`). */
  | { readonly kind: 'vscode'; readonly vendor: string; readonly family?: string }
  /** The OpenAI key with this mainline model (`openai`, or `openai/gpt-5.6-luna`). */
  | { readonly kind: 'openai'; readonly model?: string };

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** What the setting accepts: empty (automatic), `vendor`, `vendor/family`, `openai` or `openai/<model>`. */
export const WRITER_MODEL_PATTERN = /^$|^auto$|^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$/;

/** The setting's value as a choice; anything it does not recognise is `auto`, never an error. */
export function parseWriterChoice(value: string | undefined): WriterChoice {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' || trimmed === 'auto') return { kind: 'auto' };
  const [vendor, family, ...rest] = trimmed.split('/');
  if (!vendor || !PART.test(vendor) || rest.length > 0 || (family !== undefined && !PART.test(family))) return { kind: 'auto' };
  if (vendor === 'openai') return family ? { kind: 'openai', model: family } : { kind: 'openai' };
  return family ? { kind: 'vscode', vendor, family } : { kind: 'vscode', vendor };
}

/** The setting's value for a choice (what a "use this model" button writes). */
export function writerChoiceValue(choice: WriterChoice): string {
  if (choice.kind === 'auto') return '';
  if (choice.kind === 'openai') return choice.model ? `openai/${choice.model}` : 'openai';
  return choice.family ? `${choice.vendor}/${choice.family}` : choice.vendor;
}

/** An image input at `detail: low` costs a fixed small number of tokens on OpenAI's vision models; this bounds it. */
export const IMAGE_INPUT_TOKENS = 600;

export interface WriterEstimate {
  readonly usd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** False when the model is not in the table and its dearest row was used. */
  readonly known: boolean;
}

/** An upper bound of what a request costs on the OpenAI route: every output token it may write, at the model's rates. */
export function estimateWriterCost(model: string, request: WriterRequest): WriterEstimate {
  const { rates, known } = mainlineRates(model);
  const inputTokens = Math.ceil((request.instructions.length + request.text.length) / 3) + (request.image ? IMAGE_INPUT_TOKENS : 0);
  const outputTokens = request.maxOutputTokens;
  return { usd: (inputTokens * rates.input + outputTokens * rates.output) / 1_000_000, inputTokens, outputTokens, known };
}

/** What a request cost, from the usage the API reported. */
export function writerCost(model: string, usage: { readonly inputTokens: number; readonly outputTokens: number; readonly cachedTokens?: number }): number {
  const { rates } = mainlineRates(model);
  const cached = Math.min(usage.cachedTokens ?? 0, usage.inputTokens);
  return ((usage.inputTokens - cached) * rates.input + cached * rates.cachedInput + usage.outputTokens * rates.output) / 1_000_000;
}
