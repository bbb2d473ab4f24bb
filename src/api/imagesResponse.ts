/** The Images API's answer, checked at the boundary: nothing downstream trusts the raw JSON. */
import { z } from 'zod';

/**
 * The largest image an answer may carry: 64 MB decoded, above any image the API makes (a 3840-pixel PNG is far
 * smaller). A larger one is refused as it is parsed, not decoded and written.
 */
const MAX_IMAGE_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4;
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

export const imagesResponseSchema = z
  .object({
    created: z.number(),
    data: z.array(z.object({ b64_json: base64Image, revised_prompt: z.string().nullish() }).loose()).min(1),
    background: z.string().nullish(),
    output_format: z.string().nullish(),
    quality: z.string().nullish(),
    size: z.string().nullish(),
    usage: usageSchema.nullish(),
    svg_usage: svgUsageSchema.nullish(),
  })
  .loose();

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
    usage: usageSchema.nullish(),
  })
  .loose();
