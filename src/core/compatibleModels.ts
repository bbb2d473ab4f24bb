/**
 * Servers that speak the Images API but are not OpenAI's (a gateway, LocalAI, another local server): what their
 * models take is not OpenAI's catalogue. The user declares it (openaiImages.compatibleModels); what is not declared
 * is not sent, and a price nobody declared is unknown rather than OpenAI's.
 */
import { z } from 'zod';
import { QUALITIES, type OutputFormat, type Quality } from './modelCatalogue';
import type { Problem } from './problems';
import { isOpenAIBaseUrl } from './providers';

export { isOpenAIBaseUrl };

/** Raster formats only: the GIF and SVG controls are OpenAI's own additions to the API. */
export const COMPATIBLE_FORMATS = ['png', 'jpeg', 'webp'] as const;

/** A server's model id as its `/v1/models` lists it: `flux-schnell`, `stabilityai/sdxl`, `sd3:medium`. */
export const COMPATIBLE_MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;

const SIZE_PATTERN = /^(auto|[1-9]\d{1,4}x[1-9]\d{1,4})$/;

export const compatibleModelSchema = z
  .object({
    /** Sizes the model takes; `size` is sent only when one of these is chosen. */
    sizes: z.array(z.string().regex(SIZE_PATTERN)).min(1).max(32).optional(),
    /** `quality` is sent only when declared. */
    qualities: z.array(z.enum(QUALITIES)).min(1).optional(),
    /** `output_format` is sent only when declared. */
    formats: z.array(z.enum(COMPATIBLE_FORMATS)).min(1).optional(),
    /** The model takes `/images/edits` (default true: the basic edit, an image and a prompt). */
    edit: z.boolean().optional(),
    /** Its edits take a mask (default true). */
    mask: z.boolean().optional(),
    /** USD per image, for estimates and the spending limits; absent or null: unknown. 0: free (a local server). */
    priceUsd: z.number().min(0).max(100).nullable().optional(),
  })
  .strict();

export type CompatibleModel = z.infer<typeof compatibleModelSchema>;

export const compatibleModelsSchema = z.record(z.string().regex(COMPATIBLE_MODEL_ID_PATTERN), compatibleModelSchema);

export type CompatibleModels = z.infer<typeof compatibleModelsSchema>;

/** The model a compatible server is asked for, and what the user declared it takes (nothing: the basics only). */
export interface CompatibleTarget {
  readonly id: string;
  readonly declared?: CompatibleModel;
}

export interface CompatibleSettings {
  readonly provider: string;
  readonly baseUrl: string;
  readonly model: string;
  readonly compatibleModel: string;
  readonly compatibleModels: CompatibleModels;
}

/**
 * The compatible model a request goes to, or undefined for OpenAI's catalogue. Behind a base URL that is not
 * OpenAI's, `compatibleModel` names the server's model; a catalogue model with no declaration is taken to be
 * OpenAI's passed through (what gateways do), and a declaration of it says otherwise.
 */
export function compatibleTargetOf(settings: CompatibleSettings): CompatibleTarget | undefined {
  if (settings.provider !== 'openai' || isOpenAIBaseUrl(settings.baseUrl)) return undefined;
  const id = settings.compatibleModel || settings.model;
  const declared = Object.hasOwn(settings.compatibleModels, id) ? settings.compatibleModels[id] : undefined;
  if (!settings.compatibleModel && !declared) return undefined;
  return declared ? { id, declared } : { id };
}

/** The basic parameters every Images API server takes; anything else is sent only when declared. */
const BASIC_FIELDS = ['model', 'prompt', 'n'] as const;
const EDIT_FIELDS = ['image', 'mask'] as const;

export interface CompatibleChoices {
  readonly size: string;
  readonly quality: Quality;
  readonly outputFormat: OutputFormat;
  readonly background: string;
  readonly outputCompression: number | null;
  readonly complexity: string;
}

export interface CompatibleEdit {
  readonly mask: boolean;
  readonly markup: boolean;
}

/** What the settings ask of the model that it was not declared to take: refused here, before any money moves. */
export function compatibleProblems(target: CompatibleTarget, choices: CompatibleChoices, edit?: CompatibleEdit): Problem[] {
  const declared = target.declared;
  const problems: Problem[] = [];
  const model = target.id;
  const undeclared = (setting: 'size' | 'quality' | 'outputFormat', value: string, offered: readonly string[]) =>
    problems.push({ code: 'compatible-not-declared', model, setting, value, offered: offered.join(', ') });
  if (declared?.sizes && choices.size !== 'auto' && !declared.sizes.includes(choices.size)) undeclared('size', choices.size, declared.sizes);
  if (declared?.qualities && !declared.qualities.includes(choices.quality)) undeclared('quality', choices.quality, declared.qualities);
  const formats: readonly string[] = declared?.formats ?? [];
  if (declared?.formats && !formats.includes(choices.outputFormat)) undeclared('outputFormat', choices.outputFormat, formats);
  if (edit && declared?.edit === false) problems.push({ code: 'compatible-cannot', model, part: 'edit' });
  if (edit?.mask && declared?.mask === false) problems.push({ code: 'compatible-cannot', model, part: 'mask' });
  // Markup is OpenAI's own (GPT Image 2.5): no other server is known to take it.
  if (edit?.markup) problems.push({ code: 'compatible-cannot', model, part: 'markup' });
  return problems;
}

/**
 * The body fields sent to the server: the basics, a size or quality or format only where declared and chosen.
 * `response_format: b64_json` is added on the wire: the image comes back in the answer, never as a link to fetch.
 */
export function compatibleFields(target: CompatibleTarget, choices: CompatibleChoices, kind: 'generate' | 'edit'): readonly string[] {
  const declared = target.declared;
  const fields: string[] = [...BASIC_FIELDS, ...(kind === 'edit' ? EDIT_FIELDS : [])];
  if (choices.size !== 'auto' && (declared?.sizes?.includes(choices.size) ?? false)) fields.push('size');
  if (declared?.qualities?.includes(choices.quality)) fields.push('quality');
  if (declared?.formats) fields.push('output_format');
  return fields;
}

/** USD for `n` images as declared, or undefined where nobody declared a price. */
export function compatiblePriceUsd(target: CompatibleTarget, n: number): number | undefined {
  const price = target.declared?.priceUsd;
  return price === undefined || price === null ? undefined : price * n;
}
