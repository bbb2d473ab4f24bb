/**
 * The mainline models a conversation can run on: the model that reads the whole conversation, decides whether
 * to generate or edit, and writes the image tool's prompt. Its tokens are billed on top of the image. Prices
 * are per million tokens; OpenAI's pricing page is not in this machine's reach, so they come from the copies
 * named in `source` (several agreeing third parties), and a model not in the table is estimated at the dearest
 * row, never below.
 */

export interface MainlineRates {
  readonly input: number;
  readonly cachedInput: number;
  readonly output: number;
}

export interface MainlineModel {
  readonly id: string;
  readonly rates: MainlineRates;
  readonly source: string;
  readonly asOf: string;
}

export const MAINLINE_MODELS: readonly MainlineModel[] = [
  {
    id: 'gpt-6.1-sol',
    rates: { input: 2, cachedInput: 0.1, output: 10 },
    source: 'third-party copies of the pricing page (codex-token-watch 0.3.3, LiteLLM #52347)',
    asOf: '2026-11-22',
  },
  {
    id: 'gpt-6-astra',
    rates: { input: 10, cachedInput: 1, output: 50 },
    source: 'third-party copies of the pricing page (LiteLLM #39633, Vercel AI Gateway, PromptFuel 1.0.19)',
    asOf: '2026-11-22',
  },
  {
    id: 'gpt-5.6-terra',
    rates: { input: 2, cachedInput: 0.2, output: 12 },
    source: 'third-party copies of the pricing page (PromptFuel 1.0.19, effective 2026-07-30)',
    asOf: '2026-11-22',
  },
  {
    id: 'gpt-5.6-luna',
    rates: { input: 0.2, cachedInput: 0.02, output: 1.2 },
    source: 'third-party copies of the pricing page (PromptFuel 1.0.19, effective 2026-07-30)',
    asOf: '2026-11-22',
  },
];

/**
 * The default: the newest general model in the `openai` SDK's model list (7.57: gpt-6.1-sol), at a fifth of
 * gpt-6-astra's price. The mainline model here only follows the conversation and writes prompts; the image
 * model does the drawing, so the most capable mainline model buys little.
 */
export const DEFAULT_CONVERSATION_MODEL = 'gpt-6.1-sol';

/** What the `conversationModel` setting accepts: a model id as the API spells them. */
export const CONVERSATION_MODEL_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export function mainlineModel(id: string): MainlineModel | undefined {
  return MAINLINE_MODELS.find((entry) => entry.id === id);
}

/** The model's rates, or the dearest known rates for a model not in the table (an upper bound). */
export function mainlineRates(id: string): { readonly rates: MainlineRates; readonly known: boolean } {
  const known = mainlineModel(id);
  if (known) return { rates: known.rates, known: true };
  const dearest = MAINLINE_MODELS.reduce((max, entry) => (entry.rates.output > max.rates.output ? entry : max));
  return { rates: dearest.rates, known: false };
}
