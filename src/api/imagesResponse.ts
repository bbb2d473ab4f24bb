/** The Images API's answer, checked at the boundary: nothing downstream trusts the raw JSON. */
import { z } from 'zod';

/**
 * The largest image an answer may carry: 64 MB decoded, above any image the API makes (a 3840-pixel PNG is far
 * smaller). A larger one is refused as it is parsed, not decoded and written.
 */
export const MAX_IMAGE_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4;
export const base64Image = z.string().min(1).max(MAX_IMAGE_BASE64);

export const usageSchema = z
  .object({
    input_tokens: z.number(),
    output_tokens: z.number(),
    total_tokens: z.number(),
    input_tokens_details: z.object({ image_tokens: z.number().optional(), text_tokens: z.number().optional() }).optional(),
    output_tokens_details: z.object({ image_tokens: z.number().optional(), text_tokens: z.number().optional() }).nullish(),
  })
  .loose();

/** Tokens of the SVG author model (output_format svg), billed apart from the image's own. */
export const svgUsageSchema = z
  .object({
    model: z.string().max(200),
    input_tokens: z.number(),
    output_tokens: z.number(),
    reasoning_tokens: z.number().optional(),
    total_tokens: z.number().optional(),
  })
  .loose();

/**
 * The images of an answer, checked on their own: what the answer says about tokens is read apart (see
 * `readAccounting`), because a paid image is never dropped over its accounting.
 */
export const imagesResponseSchema = z
  .object({
    created: z.number().optional(),
    data: z.array(z.object({ b64_json: base64Image, revised_prompt: z.string().nullish() }).loose()).min(1),
    background: z.string().nullish(),
    output_format: z.string().nullish(),
    quality: z.string().nullish(),
    size: z.string().nullish(),
    usage: z.unknown().optional(),
    svg_usage: z.unknown().optional(),
  })
  .loose();

export interface Accounting {
  readonly usage?: Usage;
  readonly svgUsage?: SvgUsage;
  /** The fields that were there but not understood: the cost is then unknown, never taken as 0. */
  readonly problems: readonly string[];
}

function issuePath(field: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return issue?.path.length ? `${field}.${issue.path.join('.')}` : field;
}

/**
 * The token counts of an answer. When either field is present but malformed, neither is used: a cost from half
 * the accounting (the image's tokens without the SVG author's, say) would be too low.
 */
export function readAccounting(raw: { readonly usage?: unknown; readonly svg_usage?: unknown }): Accounting {
  const usage = raw.usage == null ? undefined : usageSchema.safeParse(raw.usage);
  const svgUsage = raw.svg_usage == null ? undefined : svgUsageSchema.safeParse(raw.svg_usage);
  const problems = [
    ...(usage && !usage.success ? [issuePath('usage', usage.error)] : []),
    ...(svgUsage && !svgUsage.success ? [issuePath('svg_usage', svgUsage.error)] : []),
  ];
  if (problems.length > 0) return { problems };
  return { usage: usage?.success ? usage.data : undefined, svgUsage: svgUsage?.success ? svgUsage.data : undefined, problems };
}

export type ImagesResponse = z.infer<typeof imagesResponseSchema>;
export type Usage = z.infer<typeof usageSchema>;
export type SvgUsage = z.infer<typeof svgUsageSchema>;

/** One server-sent event of a streamed request (generation or edit); other event types are skipped. */
export const partialImageEventSchema = z
  .object({
    type: z.enum(['image_generation.partial_image', 'image_edit.partial_image']),
    b64_json: base64Image,
    partial_image_index: z.number().int().min(0),
  })
  .loose();

export const completedEventSchema = z
  .object({
    type: z.enum(['image_generation.completed', 'image_edit.completed']),
    b64_json: base64Image,
    usage: z.unknown().optional(),
  })
  .loose();
