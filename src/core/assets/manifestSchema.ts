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

/** Square sizes, widths and one-off sizes a derivative may have: never more than the largest image a model makes. */
const derivePixels = z.number().int().min(1).max(8192);

export const DERIVE_FORMAT_PATTERN = /\.(png|jpe?g|webp|avif|ico)$/i;

export const deriveSchema = z
  .object({
    out: relativeFile
      .regex(DERIVE_FORMAT_PATTERN, 'must end in .png, .jpg, .jpeg, .webp, .avif or .ico')
      .describe('The file to write, relative to the manifest; {size} or {width} in the name is replaced by each size or width.'),
    sizes: z.array(derivePixels).min(1).max(16).describe('Square sizes in pixels ({size} in out), or the sizes inside one .ico.').optional(),
    widths: z.array(derivePixels).min(1).max(16).describe('Widths in pixels ({width} in out); each height follows the aspect ratio.').optional(),
    width: derivePixels.describe('One width in pixels; with height, one exact size.').optional(),
    height: derivePixels.describe('One height in pixels, with width.').optional(),
    fit: z.enum(['cover', 'contain']).describe('cover (default) crops to fill width x height; contain fits inside it, padding with transparency.').optional(),
    quality: z.number().int().min(1).max(100).describe('1-100, for .jpg, .webp and .avif.').optional(),
  })
  .strict()
  .describe('A smaller copy of this asset made locally (no API call, no cost) and locked with it.');

const styleName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64)')
  .describe('The name assets use in "style".');

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

const draftShape = {
  draftModel: z
    .enum(KNOWN_MODEL_IDS)
    .describe("The model candidates are drafted with (cheap drafts); the chosen one is remade with the asset's model.")
    .optional(),
  draftQuality: z.enum(QUALITIES).describe('The quality candidates are drafted at.').optional(),
};

export const styleSchema = z
  .object({
    brief: z.string().trim().min(1).max(4000).describe('How every image of this style looks; added to each prompt.').optional(),
    references: z.array(relativeFile).max(16).describe('Images sent with every asset of this style, relative to the manifest.').optional(),
    palette: z.array(hexColour).min(1).max(16).describe('Colours every image of this style keeps to.').optional(),
    negative: z.string().trim().min(1).max(2000).describe('What no image of this style shows.').optional(),
    anchor: relativeFile.describe("An asset's out: made first, then a reference of every other asset of this style.").optional(),
    ...assetSettingsShape,
  })
  .strict()
  .describe('A style kit: a brief, a palette, what to avoid, reference images and settings shared by the assets that name it.');

export const assetSchema = z
  .object({
    out: relativeFile
      .regex(/\.(png|jpe?g|webp|gif|svg)$/i, 'must end in .png, .jpg, .jpeg, .webp, .gif or .svg')
      .describe('The file to write, relative to the manifest (.png, .jpg, .jpeg, .webp, .gif or .svg).'),
    prompt: z.string().trim().min(1).max(32_000).describe('What the image shows (or, for an edit, what to change).'),
    edit: editSchema.optional(),
    style: styleName.describe('A style of "styles": its brief, palette, references and settings apply.').optional(),
    referenceFrom: relativeFile.describe("Another asset's out, sent as an input image of this one (made first).").optional(),
    derive: z
      .array(deriveSchema)
      .max(32)
      .describe('Smaller copies made from this asset with no API call: icon sizes, responsive widths, og images, favicons.')
      .optional(),
    candidates: z
      .number()
      .int()
      .min(2)
      .max(8)
      .describe('Make this many candidates into .openai-images/drafts/ to choose from, instead of writing out.')
      .optional(),
    alt: z
      .union([z.literal('auto'), z.string().trim().min(1).max(300)])
      .describe(
        'The alt text every insert of this image uses: the words themselves, or "auto" to have a language model describe the picture when it is made in VS Code; the lock records that description, so a check never calls a model.',
      )
      .optional(),
    ...draftShape,
    ...assetSettingsShape,
  })
  .strict();

export const manifestSchema = z
  .object({
    $schema: z.string().optional(),
    defaults: z.object(assetSettingsShape).strict().describe('Settings for every asset unless it sets its own.').optional(),
    styles: z.record(styleName, styleSchema).describe('Style kits assets name in "style".').optional(),
    ...draftShape,
    assets: z.array(assetSchema).max(10_000).describe('The images of this manifest.'),
  })
  .strict();

export type AssetSettings = { -readonly [K in keyof typeof assetSettingsShape]?: z.infer<(typeof assetSettingsShape)[K]> };
export type ManifestAsset = z.infer<typeof assetSchema>;
export type ManifestStyle = z.infer<typeof styleSchema>;
export type ManifestDerive = z.infer<typeof deriveSchema>;
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
