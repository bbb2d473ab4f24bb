/**
 * The recipe of a generated image, kept inside the PNG so the file itself says how to make it again.
 * Other formats have no place for it.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { isInsideFolder } from './containment';
import { COMPLEXITIES, QUALITIES } from './modelCatalogue';
import { readTextChunk, withTextChunk } from './pngText';
import { writtenPromptSchema } from './writer/writerContext';

export const RECIPE_KEYWORD = 'openai-images-recipe';

export const recipeSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['generate', 'edit']),
  prompt: z.string().min(1).max(32_000),
  // Any id: a PNG made with a model that has since been shut down still opens, and Regenerate offers the successor.
  model: z.string().min(1).max(100),
  size: z.string().max(20),
  quality: z.enum(QUALITIES),
  complexity: z.enum(COMPLEXITIES).optional(),
  background: z.enum(['auto', 'transparent', 'opaque']),
  createdAt: z.string().max(40),
  /**
   * For edits: the input images, relative to the folder of the PNG (POSIX separators). Recorded only when every
   * input lies in the PNG's workspace folder; an edit of images from elsewhere records none. Read back as
   * untrusted: Regenerate from File checks each against the workspace before anything is uploaded.
   */
  sources: z.array(z.string().max(4096)).max(16).default([]),
  /** For edits: the mask, relative like `sources`. */
  mask: z.string().max(4096).optional(),
  /** For edits with a markup overlay: the overlay, relative like `sources`. */
  markup: z.string().max(4096).optional(),
  /** For a refinement (an edit of an image this extension made): that image, relative like `sources`. */
  parent: z.string().max(4096).optional(),
  /**
   * For a conversation turn (Responses API): the conversation, the turn's place in it, the response that made the
   * image (a later turn names it to continue) and the mainline model. `prompt` is the user's words for the turn.
   */
  conversation: z
    .object({ id: z.string().max(100), turn: z.number().int().min(1).max(500), responseId: z.string().max(200), model: z.string().max(100) })
    .optional(),
  /** For a prompt a language model wrote (Write the Prompt): its proposal and what it saw; `prompt` is what was sent. */
  written: writtenPromptSchema.optional(),
});

export type Recipe = z.infer<typeof recipeSchema>;

export function embedRecipe(png: Uint8Array, recipe: Recipe): Uint8Array {
  return withTextChunk(png, RECIPE_KEYWORD, JSON.stringify(recipe));
}

/** The recipe in a PNG, or undefined when there is none or it does not parse. */
export function readRecipe(png: Uint8Array): Recipe | undefined {
  const text = readTextChunk(png, RECIPE_KEYWORD);
  if (text === undefined) return undefined;
  try {
    const parsed = recipeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** An edit's inputs as absolute POSIX paths, for the recipe of the image written into `outputFolder`. */
export interface RecipeInputPaths {
  readonly sources: readonly string[];
  readonly mask?: string;
  readonly markup?: string;
  /** Whether the first source is an image this extension made (a refinement). */
  readonly refinement?: boolean;
}

/**
 * What a recipe records of an edit's inputs: paths relative to the new image, and only when every input lies in
 * `workspaceRoot` (undefined: not in a workspace). A recipe travels with the PNG into a repository, so it never
 * records a path that leaves it, nor how the user's home folder is laid out; such an edit records no inputs.
 */
export function recordableInputs(
  outputFolder: string,
  workspaceRoot: string | undefined,
  inputs: RecipeInputPaths,
): Pick<Recipe, 'sources' | 'mask' | 'markup' | 'parent'> {
  const all = [...inputs.sources, ...(inputs.mask ? [inputs.mask] : []), ...(inputs.markup ? [inputs.markup] : [])];
  if (
    workspaceRoot === undefined ||
    !isInsideFolder(workspaceRoot, outputFolder) ||
    !all.every((file) => isInsideFolder(workspaceRoot, path.posix.normalize(file)))
  )
    return { sources: [] };
  const relative = (file: string) => path.posix.relative(outputFolder, file);
  return {
    sources: inputs.sources.map(relative),
    mask: inputs.mask ? relative(inputs.mask) : undefined,
    markup: inputs.markup ? relative(inputs.markup) : undefined,
    parent: inputs.refinement && inputs.sources[0] ? relative(inputs.sources[0]) : undefined,
  };
}
