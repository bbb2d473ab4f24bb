/**
 * The `*.images.json` manifest: a repository's images as code. `defaults` apply to every asset; each
 * asset names its output (relative to the manifest), its prompt, any overrides, and optionally the
 * files it is an edit of. The output format comes from the output's extension. A unit test keeps the
 * published JSON Schema (schemas/images-manifest.schema.json) equal to this one.
 */
import { z } from 'zod';
import { COMPLEXITIES, DEFAULT_MODEL, KNOWN_MODEL_IDS, QUALITIES } from '../modelCatalogue';

/** The settings an asset (or `defaults`) may set; everything else comes from the built-in defaults. */
export const assetSettingsShape = {
  // Retired ids parse, so the diagnostic can name the successor and offer the fix.
  model: z.enum(KNOWN_MODEL_IDS).describe(`The image model (default ${DEFAULT_MODEL}).`).optional(),
  size: z
    .string()
    .regex(/^(auto|[1-9]\d{2,3}x[1-9]\d{2,3})$/)
    .describe('auto, 1024x1024, 1536x1024, 1024x1536; any WxH (multiples of 16) with GPT Image 2 and later.')
    .optional(),
  quality: z.enum(QUALITIES).describe('Rendering quality; higher costs more. xhigh and max: GPT Image 2.5 only.').optional(),
  complexity: z.enum(COMPLEXITIES).describe("Planning spent on the image, apart from quality (GPT Image 2.5 and 2.6); auto = the model's default.").optional(),
  gifFrameCount: z.number().int().min(2).max(16).describe('Frames of a .gif output (2-16; default 9).').optional(),
  gifFrameDurationMs: z.number().int().min(10).max(655_350).describe('Milliseconds per frame of a .gif output (default 200).').optional(),
  background: z.enum(['auto', 'transparent', 'opaque']).describe('transparent needs a .png or .webp output.').optional(),
  outputCompression: z.number().int().min(0).max(100).describe('0-100, for .jpg and .webp outputs only.').optional(),
  moderation: z.enum(['auto', 'low']).describe('Content moderation level (generation only).').optional(),
  inputFidelity: z.enum(['low', 'high']).describe('How closely an edit keeps its input images.').optional(),
};

const relativeFile = z.string().min(1).max(1024);

export const editSchema = z
  .object({
    images: z.array(relativeFile).min(1).max(16).describe("Input images, relative to the manifest; may be other assets' outputs."),
    mask: relativeFile.describe('A PNG mask, relative to the manifest: transparent where the image may change.').optional(),
    markup: relativeFile
      .describe('A transparent PNG drawn over the first image (arrows, boxes, notes) to guide the edit; GPT Image 2.5; not with mask.')
      .optional(),
    inputFidelity: z.enum(['low', 'high']).optional(),
  })
  .strict()
  .describe('Make this asset as an edit of other files instead of generating it from nothing.');

export const assetSchema = z
  .object({
    out: relativeFile
      .regex(/\.(png|jpe?g|webp|gif|svg)$/i, 'must end in .png, .jpg, .jpeg, .webp, .gif or .svg')
      .describe('The file to write, relative to the manifest (.png, .jpg, .jpeg, .webp, .gif or .svg).'),
    prompt: z.string().trim().min(1).max(32_000).describe('What the image shows (or, for an edit, what to change).'),
    edit: editSchema.optional(),
    ...assetSettingsShape,
  })
  .strict();

export const manifestSchema = z
  .object({
    $schema: z.string().optional(),
    defaults: z.object(assetSettingsShape).strict().describe('Settings for every asset unless it sets its own.').optional(),
    assets: z.array(assetSchema).max(1000).describe('The images of this manifest.'),
  })
  .strict();

export type AssetSettings = { -readonly [K in keyof typeof assetSettingsShape]?: z.infer<(typeof assetSettingsShape)[K]> };
export type ManifestAsset = z.infer<typeof assetSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_SUFFIX = '.images.json';

/** `icons.images.json` -> `icons.images.lock.json`, beside it. */
export function lockFileName(manifestFileName: string): string {
  return manifestFileName.endsWith(MANIFEST_SUFFIX)
    ? `${manifestFileName.slice(0, -MANIFEST_SUFFIX.length)}.images.lock.json`
    : `${manifestFileName}.lock.json`;
}

/** The JSON Schema VS Code uses to complete and check manifests. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(manifestSchema, { target: 'draft-7', io: 'input' }),
    title: 'OpenAI Images asset manifest',
    description: 'The images of a repository as code: "OpenAI Images: Generate Assets" makes what is missing or stale.',
  };
}
