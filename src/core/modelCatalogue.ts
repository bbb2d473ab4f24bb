/**
 * Every image model this extension knows, as data: what each takes, when it stops, what it costs and where
 * those facts come from. Settings enums, the manifest schema, request checks, estimates, the README's table and
 * the test server all read this table; adding a model is one entry here plus its tests.
 *
 * Rule for facts only third parties state: the `openai` SDK's own per-model wording (resources/images.d.ts,
 * 7.57) decides. Where the SDK is silent per model (complexity, GIF, SVG), the control is given to the
 * generation it arrived with (GPT Image 2.5 and 2.6); the API's own refusal is still shown if that is wrong.
 */

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'svg'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const QUALITIES = ['auto', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Quality = (typeof QUALITIES)[number];
export type RenderedQuality = Exclude<Quality, 'auto'>;

export const COMPLEXITIES = ['auto', 'low', 'medium', 'high'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

export const FIXED_SIZES = ['1024x1024', '1536x1024', '1024x1536'] as const;

/** The documented limits of "any WIDTHxHEIGHT" sizes (SDK: multiples of 16, 1:3..3:1, at most 3840x2160). */
export interface FreeSizeLimits {
  readonly multiple: number;
  readonly maxEdge: number;
  readonly maxRatio: number;
  readonly minPixels: number;
  readonly maxPixels: number;
  /** Above this many pixels the API calls the size experimental (2560x1440). */
  readonly experimentalAbovePixels: number;
}

export const FREE_SIZES: FreeSizeLimits = {
  multiple: 16,
  maxEdge: 3840,
  maxRatio: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  experimentalAbovePixels: 3_686_400,
};

/** USD per million tokens. */
export interface TokenRates {
  readonly textIn: number;
  readonly imageIn: number;
  readonly imageOut: number;
  /** Text output tokens (`output_tokens_details.text_tokens`); priced at `imageOut` where no rate is published. */
  readonly textOut?: number;
}

/** USD per image by quality: [1024x1024, 1024x1536 or 1536x1024]. */
export type PerImagePrices = Readonly<Partial<Record<RenderedQuality, readonly [square: number, oblong: number]>>>;

/** Output tokens of one 1024x1024 / 1536x1024 image by quality: the token model behind estimates. */
export type OutputTokenTable = Readonly<Record<RenderedQuality, readonly [square: number, oblong: number]>>;

export interface ModelPricing {
  readonly tokens: TokenRates;
  /** OpenAI's published per-image output prices, where there are any. */
  readonly perImage?: PerImagePrices;
  /** Output tokens per image for estimates; where not published, derived (see `derived`). */
  readonly outputTokens: OutputTokenTable;
  /** What in `outputTokens` is not published but inferred; shown with the estimate. */
  readonly derived?: string;
  /**
   * Where `outputTokens` are another model's figures: estimates use them times `upperBound` until the user's own
   * requests with the same settings calibrate them, so a confirmation is never too low for a model nobody measured.
   */
  readonly copiedTokens?: { readonly from: string; readonly upperBound: number; readonly evidence: string };
  readonly source: string;
  readonly asOf: string;
}

export type ModelLane = 'flagship' | 'fast' | 'general' | 'mini' | 'chatgpt';

export interface ModelEntry {
  readonly id: string;
  /** The model line a snapshot belongs to, e.g. `gpt-image-2.5-sunburst` for `gpt-image-2.5-sunburst-2026-09-08`. */
  readonly family: string;
  readonly generation: string;
  readonly lane: ModelLane;
  /** For a dated snapshot: the alias it pins. */
  readonly snapshotOf?: string;
  /** Release date where OpenAI's pages state it. */
  readonly released?: string;
  /** A shutdown announced by OpenAI: from `date` (inclusive, UTC) requests fail; `successor` takes over. */
  readonly shutdown?: { readonly date: string; readonly announced: string; readonly successor: string; readonly source: string };
  readonly sizes: { readonly kind: 'fixed' } | { readonly kind: 'free'; readonly limits: FreeSizeLimits };
  readonly qualities: readonly Quality[];
  readonly transparency: 'yes' | 'preview' | 'no';
  /** `omit`: the model refuses the parameter (it always keeps inputs at high fidelity). */
  readonly inputFidelity: readonly ('low' | 'high')[] | 'omit';
  readonly mask: boolean;
  readonly markup: boolean;
  readonly complexity: boolean;
  /**
   * Controls offered although sources disagree whether the model takes them. A refusal costs nothing: the API's
   * 400 is shown and remembered for the model (core/refusals), rather than the control withheld from everyone.
   */
  readonly disputed?: readonly ('xhigh' | 'max' | 'markup')[];
  readonly outputFormats: readonly OutputFormat[];
  readonly streaming: boolean;
  readonly batch: boolean;
  readonly pricing: ModelPricing;
}

const BASIC_QUALITIES: readonly Quality[] = ['auto', 'low', 'medium', 'high'];
const ALL_QUALITIES: readonly Quality[] = QUALITIES;
const RASTER: readonly OutputFormat[] = ['png', 'jpeg', 'webp'];

/** OpenAI's documented output tokens for GPT Image 1.x (272/1056/4160 square, 408/1584/6240 oblong). */
/**
 * Input image tokens, for estimates of edits (OpenAI does not publish them per model): the image is scaled to fit
 * `fit`x`fit`, then its short side down to `shortSide`, and counted in `tile`-pixel tiles at `perTile` tokens plus
 * `base`. High input fidelity (always on where the model omits the parameter) adds about the tokens of a
 * high-quality output of that shape. An upper guess; the API's `usage` gives the real count, and the actual cost
 * uses it.
 */
export const INPUT_IMAGE_TOKENS = { base: 65, perTile: 129, tile: 512, fit: 2048, shortSide: 512, highFidelity: { square: 4160, oblong: 6240 } } as const;

const GPT_IMAGE_1_TOKENS: OutputTokenTable = { low: [272, 408], medium: [1056, 1584], high: [4160, 6240], xhigh: [4160, 6240], max: [4160, 6240] };

/**
 * gpt-image-2's per-image prices at $30 per million output tokens (0.006/0.053/0.211 square, 0.005/0.041/0.165
 * oblong). xhigh and max have no published figure: twice and four times high, so a confirmation is never too low
 * until the user's own requests calibrate it.
 */
const GPT_IMAGE_2_TOKENS: OutputTokenTable = { low: [200, 167], medium: [1767, 1367], high: [7033, 5500], xhigh: [14066, 11000], max: [28132, 22000] };

const PRICING_SOURCE = "OpenAI's image generation pricing and model pages, as collected in shared/notes/images-api.md";
const GPT_IMAGE_2X_RATES: TokenRates = { textIn: 5, imageIn: 8, imageOut: 30 };

/** One provider measured GPT Image 2.6 at low quality near 4x gpt-image-2's figure (664 vs 167 tokens at 1536x1024). */
const COPIED_FROM_GPT_IMAGE_2 = {
  from: 'gpt-image-2',
  upperBound: 4,
  evidence: 'one provider measured GPT Image 2.6 at low quality near 4x the figures copied from gpt-image-2 (shared/notes/images-api.md)',
} as const;

function gpt2xPricing(model: string): ModelPricing {
  return {
    tokens: GPT_IMAGE_2X_RATES,
    outputTokens: GPT_IMAGE_2_TOKENS,
    copiedTokens: COPIED_FROM_GPT_IMAGE_2,
    derived: `${model} has token rates only (no per-image table); output tokens are estimated from gpt-image-2's per-image prices, xhigh and max as 2x and 4x high`,
    source: PRICING_SOURCE,
    asOf: '2026-11-22',
  };
}

const DEPRECATION_NOTICE = "OpenAI's deprecations page, notice of 2026-06-02";

const gpt25 = (lane: 'flagship' | 'fast', id: string, snapshotOf?: string): ModelEntry => ({
  id,
  family: `gpt-image-2.5-${lane === 'flagship' ? 'sunburst' : 'flare'}`,
  generation: 'GPT Image 2.5',
  lane,
  snapshotOf,
  released: '2026-09-08',
  sizes: { kind: 'free', limits: FREE_SIZES },
  qualities: ALL_QUALITIES,
  transparency: 'yes',
  inputFidelity: 'omit',
  mask: true,
  markup: true,
  complexity: true,
  outputFormats: [...RASTER, 'gif', 'svg'],
  streaming: true,
  batch: true,
  pricing: gpt2xPricing(id),
});

const gpt26 = (lane: 'flagship' | 'fast', id: string): ModelEntry => ({
  id,
  family: id,
  generation: 'GPT Image 2.6',
  lane,
  released: '2026-11-04',
  // Free sizes and transparency per the 2.6 model page. Markup: OpenAI's 2.6 page lists markup edits; xhigh and max:
  // most third parties give them to 2.6; the SDK's wording names 2.5 for all three. Offered, and a refusal teaches.
  sizes: { kind: 'free', limits: FREE_SIZES },
  qualities: ALL_QUALITIES,
  transparency: 'yes',
  inputFidelity: 'omit',
  mask: true,
  markup: true,
  disputed: ['xhigh', 'max', 'markup'],
  complexity: true,
  outputFormats: [...RASTER, 'gif', 'svg'],
  streaming: true,
  batch: true,
  pricing: gpt2xPricing(id),
});

const gpt2 = (id: string, snapshotOf?: string): ModelEntry => ({
  id,
  family: 'gpt-image-2',
  generation: 'GPT Image 2',
  lane: 'general',
  snapshotOf,
  released: '2026-04-21',
  sizes: { kind: 'free', limits: FREE_SIZES },
  qualities: BASIC_QUALITIES,
  transparency: 'preview',
  inputFidelity: 'omit',
  mask: true,
  markup: false,
  complexity: false,
  outputFormats: RASTER,
  streaming: true,
  batch: true,
  pricing: {
    tokens: GPT_IMAGE_2X_RATES,
    perImage: { low: [0.006, 0.005], medium: [0.053, 0.041], high: [0.211, 0.165] },
    outputTokens: GPT_IMAGE_2_TOKENS,
    source: PRICING_SOURCE,
    asOf: '2026-11-22',
  },
});

const GPT_IMAGE_15_PRICES: PerImagePrices = { low: [0.009, 0.013], medium: [0.034, 0.05], high: [0.133, 0.2] };

/** GPT Image 1.x and its alias: three sizes, the four basic qualities, raster formats, per-image prices. */
function gpt1x(model: {
  id: string;
  generation: string;
  lane: ModelLane;
  shutdown: NonNullable<ModelEntry['shutdown']>;
  inputFidelity: readonly ('low' | 'high')[];
  tokens: TokenRates;
  perImage: PerImagePrices;
  derived?: string;
}): ModelEntry {
  return {
    id: model.id,
    family: model.id,
    generation: model.generation,
    lane: model.lane,
    shutdown: model.shutdown,
    sizes: { kind: 'fixed' },
    qualities: BASIC_QUALITIES,
    transparency: 'yes',
    inputFidelity: model.inputFidelity,
    mask: true,
    markup: false,
    complexity: false,
    outputFormats: RASTER,
    streaming: true,
    batch: true,
    pricing: {
      tokens: model.tokens,
      perImage: model.perImage,
      outputTokens: GPT_IMAGE_1_TOKENS,
      derived: model.derived,
      source: PRICING_SOURCE,
      asOf: '2026-11-22',
    },
  };
}

/** Newest first within each generation; the order of the settings enum and the README table. */
export const MODEL_CATALOGUE: readonly ModelEntry[] = [
  gpt26('flagship', 'gpt-image-2.6-sunburst'),
  gpt26('fast', 'gpt-image-2.6-flare'),
  gpt25('flagship', 'gpt-image-2.5-sunburst'),
  gpt25('flagship', 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5-sunburst'),
  gpt25('fast', 'gpt-image-2.5-flare'),
  gpt25('fast', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.5-flare'),
  gpt2('gpt-image-2'),
  gpt2('gpt-image-2-2026-04-21', 'gpt-image-2'),
  gpt1x({
    id: 'gpt-image-1.5',
    generation: 'GPT Image 1.5',
    lane: 'general',
    shutdown: { date: '2026-12-01', announced: '2026-06-02', successor: 'gpt-image-2.6-sunburst', source: DEPRECATION_NOTICE },
    inputFidelity: ['low', 'high'],
    tokens: { textIn: 5, imageIn: 8, imageOut: 32 },
    perImage: GPT_IMAGE_15_PRICES,
  }),
  gpt1x({
    id: 'gpt-image-1-mini',
    generation: 'GPT Image 1',
    lane: 'mini',
    shutdown: { date: '2026-12-01', announced: '2026-06-02', successor: 'gpt-image-2.6-flare', source: DEPRECATION_NOTICE },
    inputFidelity: ['low'],
    tokens: { textIn: 2, imageIn: 2.5, imageOut: 8 },
    perImage: { low: [0.005, 0.006], medium: [0.011, 0.015], high: [0.036, 0.052] },
  }),
  gpt1x({
    id: 'chatgpt-image-latest',
    generation: 'ChatGPT Images',
    lane: 'chatgpt',
    shutdown: { date: '2026-12-01', announced: '2026-06-02', successor: 'gpt-image-2.6-sunburst', source: DEPRECATION_NOTICE },
    inputFidelity: ['low', 'high'],
    // An alias billed like the model it points to; gpt-image-1.5's published prices are the closest.
    tokens: { textIn: 5, imageIn: 8, imageOut: 32 },
    perImage: GPT_IMAGE_15_PRICES,
    derived: 'chatgpt-image-latest is an alias; priced as gpt-image-1.5',
  }),
  gpt1x({
    id: 'gpt-image-1',
    generation: 'GPT Image 1',
    lane: 'general',
    shutdown: {
      date: '2026-10-23',
      announced: '2026-06-02',
      successor: 'gpt-image-2.5-sunburst',
      source: 'the openai SDK 7.57 (images.d.ts): "GPT Image 1 was shut down on October 23, 2026"',
    },
    inputFidelity: ['low', 'high'],
    tokens: { textIn: 5, imageIn: 10, imageOut: 40 },
    perImage: { low: [0.011, 0.016], medium: [0.042, 0.063], high: [0.167, 0.25] },
  }),
];

/** Every id the catalogue knows, live or not: saved files and settings naming any of them stay readable. */
export const KNOWN_MODEL_IDS = MODEL_CATALOGUE.map((entry) => entry.id) as [string, ...string[]];

/** The newest generally available flagship and its fast lane: the defaults. */
export const DEFAULT_MODEL = 'gpt-image-2.6-sunburst';
export const FAST_MODEL = 'gpt-image-2.6-flare';

/** The day the README's models table describes; moved forward when the catalogue changes. */
export const README_TABLE_DAY = '2026-11-22';

/** Defaults of earlier versions, newest first: assets made with them before the default moved are not stale. */
export const EARLIER_DEFAULT_MODELS: readonly string[] = ['gpt-image-1.5'];

const BY_ID = new Map(MODEL_CATALOGUE.map((entry) => [entry.id, entry]));

export function modelEntry(id: string): ModelEntry | undefined {
  return BY_ID.get(id);
}

/** The entry of a known id; unknown ids (a newer model saved by a newer version) are described as the default's. */
export function modelOrDefault(id: string): ModelEntry {
  return BY_ID.get(id) ?? BY_ID.get(DEFAULT_MODEL)!;
}
