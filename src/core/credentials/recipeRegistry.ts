/**
 * The recipe registry: where a recipe lives when it may not live inside the image. A signed image's bytes are
 * bound to its Content Credentials, so adding a text chunk would break them; instead the recipe is kept in one
 * committable file per workspace folder, keyed by the SHA-256 of the file as written. A clone of the repository
 * finds it again by hashing the image, wherever the image was moved to.
 *
 * The file is repository content: it is read as untrusted input, entry by entry (a damaged entry costs itself
 * only), and its recipes go through the same checks as a recipe read from a PNG.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { readRecipe, recipeSchema, type Recipe } from '../recipe';

/** Where the registry lives, relative to the workspace folder (or the CLI's and MCP server's root). */
export const RECIPE_REGISTRY_PATH = '.openai-images/recipes.json';

/** More entries than any repository's images; a larger file is cut to the newest entries. */
export const MAX_REGISTRY_ENTRIES = 20_000;

const SHA256 = /^[0-9a-f]{64}$/;

const entrySchema = z.object({
  /** The file the recipe was written for, relative to the registry's folder (POSIX); informative only. */
  file: z.string().max(4096),
  recipe: recipeSchema,
});

export type RegistryEntry = z.infer<typeof entrySchema>;

/**
 * Alt text of an image, by the SHA-256 of its bytes: written by a language model from the picture (Describe the
 * Image), then as the user edited it. Every insert path reads it; a clone of the repository finds it again.
 */
const descriptionSchema = z.object({
  text: z.string().min(1).max(300),
  /** The file it was made for, relative to the registry's folder (POSIX); informative only. */
  file: z.string().max(4096),
  /** The writer that proposed it (`scripted/scripted-vision`, `openai/gpt-6.1-sol`); `user` when typed by hand. */
  by: z.string().max(200),
  describedAt: z.string().max(40),
});

export type ImageDescription = z.infer<typeof descriptionSchema>;

export interface RecipeRegistry {
  readonly entries: ReadonlyMap<string, RegistryEntry>;
  readonly descriptions: ReadonlyMap<string, ImageDescription>;
}

export const EMPTY_REGISTRY: RecipeRegistry = { entries: new Map(), descriptions: new Map() };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The registry in `text`; what does not parse is left out, never thrown. */
export function parseRegistry(text: string | undefined): RecipeRegistry {
  if (!text) return EMPTY_REGISTRY;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_REGISTRY;
  }
  const file = z.object({ recipes: z.record(z.string(), z.unknown()), descriptions: z.record(z.string(), z.unknown()).optional() }).safeParse(raw);
  if (!file.success) return EMPTY_REGISTRY;
  return { entries: parsedEntries(file.data.recipes, entrySchema), descriptions: parsedEntries(file.data.descriptions ?? {}, descriptionSchema) };
}

function parsedEntries<T>(values: Record<string, unknown>, schema: z.ZodType<T>): Map<string, T> {
  const entries = new Map<string, T>();
  for (const [hash, value] of Object.entries(values)) {
    if (!SHA256.test(hash)) continue;
    const entry = schema.safeParse(value);
    if (entry.success) entries.set(hash, entry.data);
  }
  return entries;
}

/** The alt text recorded for a file with these bytes. */
export function lookupDescription(registry: RecipeRegistry, bytes: Uint8Array): ImageDescription | undefined {
  return registry.descriptions.get(sha256Hex(bytes));
}

/** The registry with this description for the image whose bytes hash to `sha256` (replacing an older one). */
export function withDescription(registry: RecipeRegistry, sha256: string, description: ImageDescription): RecipeRegistry {
  const descriptions = new Map(registry.descriptions);
  descriptions.delete(sha256);
  descriptions.set(sha256, description);
  const overflow = descriptions.size - MAX_REGISTRY_ENTRIES;
  for (const key of [...descriptions.keys()].slice(0, Math.max(0, overflow))) descriptions.delete(key);
  return { entries: registry.entries, descriptions };
}

/** The recipe recorded for a file with these bytes. */
export function lookupRecipe(registry: RecipeRegistry, bytes: Uint8Array): Recipe | undefined {
  return registry.entries.get(sha256Hex(bytes))?.recipe;
}

export interface NewRegistryEntry {
  readonly sha256: string;
  readonly file: string;
  readonly recipe: Recipe;
}

/** The registry with these entries added (an entry for the same bytes is replaced), bounded by dropping the oldest. */
export function withEntries(registry: RecipeRegistry, added: readonly NewRegistryEntry[]): RecipeRegistry {
  const entries = new Map(registry.entries);
  for (const entry of added) {
    entries.delete(entry.sha256);
    entries.set(entry.sha256, { file: entry.file, recipe: entry.recipe });
  }
  const overflow = entries.size - MAX_REGISTRY_ENTRIES;
  if (overflow > 0) {
    const oldest = [...entries.entries()].sort(([, a], [, b]) => a.recipe.createdAt.localeCompare(b.recipe.createdAt)).slice(0, overflow);
    for (const [key] of oldest) entries.delete(key);
  }
  return { entries, descriptions: registry.descriptions };
}

/**
 * The file's text: keys sorted, one entry per block, so two branches that each add images merge without a conflict
 * in most cases, and a diff shows which recipes changed.
 */
export function serializeRegistry(registry: RecipeRegistry): string {
  const sorted = <T>(map: ReadonlyMap<string, T>) => Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // A registry without descriptions is written as before they existed, so older files do not change.
  const descriptions = registry.descriptions.size > 0 ? { descriptions: sorted(registry.descriptions) } : {};
  return `${JSON.stringify({ version: 1, recipes: sorted(registry.entries), ...descriptions }, null, 2)}\n`;
}

/**
 * The recipe of an image file: the registry's entry for its bytes, else the one a PNG carries itself (every PNG
 * written before 0.4, and PNGs without Content Credentials).
 */
export function recipeOfImage(registry: RecipeRegistry, bytes: Uint8Array): Recipe | undefined {
  return lookupRecipe(registry, bytes) ?? readRecipe(bytes);
}
