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

export interface RecipeRegistry {
  readonly entries: ReadonlyMap<string, RegistryEntry>;
}

export const EMPTY_REGISTRY: RecipeRegistry = { entries: new Map() };

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
  const recipes = z.object({ recipes: z.record(z.string(), z.unknown()) }).safeParse(raw);
  if (!recipes.success) return EMPTY_REGISTRY;
  const entries = new Map<string, RegistryEntry>();
  for (const [hash, value] of Object.entries(recipes.data.recipes)) {
    if (!SHA256.test(hash)) continue;
    const entry = entrySchema.safeParse(value);
    if (entry.success) entries.set(hash, entry.data);
  }
  return { entries };
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
  return { entries };
}

/**
 * The file's text: keys sorted, one entry per block, so two branches that each add images merge without a conflict
 * in most cases, and a diff shows which recipes changed.
 */
export function serializeRegistry(registry: RecipeRegistry): string {
  const recipes = Object.fromEntries([...registry.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: 1, recipes }, null, 2)}\n`;
}

/**
 * The recipe of an image file: the registry's entry for its bytes, else the one a PNG carries itself (every PNG
 * written before 0.4, and PNGs without Content Credentials).
 */
export function recipeOfImage(registry: RecipeRegistry, bytes: Uint8Array): Recipe | undefined {
  return lookupRecipe(registry, bytes) ?? readRecipe(bytes);
}
