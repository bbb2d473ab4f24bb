/**
 * Reading and adding to a root's recipe registry (core/credentials/recipeRegistry) through the containment rule of
 * every repository file: a `.openai-images` that is a link out of the root is neither read nor written.
 */
import * as path from 'node:path';
import {
  EMPTY_REGISTRY,
  parseRegistry,
  RECIPE_REGISTRY_PATH,
  serializeRegistry,
  sha256Hex,
  withDescription,
  withEntries,
  type ImageDescription,
  type NewRegistryEntry,
  type RecipeRegistry,
} from '../core/credentials/recipeRegistry';
import type { Recipe } from '../core/recipe';
import { readContained, TEXT_FILE_LIMIT, writableContained, type AssetFiles } from './containedFiles';

/** An image written into a folder, with the recipe that made it. */
export interface RecordedImage {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly recipe: Recipe;
}

/** Where a job records the recipes of the files it wrote into one folder. */
export interface RecipeSink {
  record(images: readonly RecordedImage[]): Promise<void>;
}

export class RegistryNotWritableError extends Error {
  constructor(reason: string) {
    super(`${RECIPE_REGISTRY_PATH} may not be written (${reason})`);
    this.name = 'RegistryNotWritableError';
  }
}

/**
 * The registries of one process (a window, the CLI, the MCP server). Adds to one registry run one after another,
 * each reading the file afresh, so two jobs finishing together both land; another process writing the same file
 * in the same moment can still win the race (README, "Content Credentials").
 */
export class RecipeRegistries {
  private readonly pending = new Map<string, Promise<void>>();

  /** The registry of `root` (absolute POSIX); empty when there is none or it may not be read. */
  async read(files: AssetFiles, root: string): Promise<RecipeRegistry> {
    const read = await readContained(files, root, path.posix.join(root, RECIPE_REGISTRY_PATH), TEXT_FILE_LIMIT);
    if (!read.ok || !read.bytes) return EMPTY_REGISTRY;
    return parseRegistry(new TextDecoder().decode(read.bytes));
  }

  add(files: AssetFiles, root: string, entries: readonly NewRegistryEntry[]): Promise<void> {
    return this.update(files, root, (registry) => withEntries(registry, entries));
  }

  /** Records alt text for the image whose bytes hash to `sha256`. */
  describe(files: AssetFiles, root: string, sha256: string, description: ImageDescription): Promise<void> {
    return this.update(files, root, (registry) => withDescription(registry, sha256, description));
  }

  private update(files: AssetFiles, root: string, change: (registry: RecipeRegistry) => RecipeRegistry): Promise<void> {
    const file = path.posix.join(root, RECIPE_REGISTRY_PATH);
    const previous = this.pending.get(file) ?? Promise.resolve();
    const next = previous.then(async () => {
      const target = await writableContained(files, root, file);
      if (!target.ok) throw new RegistryNotWritableError(target.problem.reason);
      const registry = change(await this.read(files, root));
      await files.replace(target.realPath, new TextEncoder().encode(serializeRegistry(registry)));
    });
    // The queue goes on after a failed add; the caller hears of the failure through `next`.
    const settled: Promise<void> = next.then(
      () => this.release(file, settled),
      () => this.release(file, settled),
    );
    this.pending.set(file, settled);
    return next;
  }

  private release(file: string, settled: Promise<void>): void {
    if (this.pending.get(file) === settled) this.pending.delete(file);
  }

  /** The sink for files written into `folder` (absolute POSIX, inside `root`). */
  sinkFor(files: AssetFiles, root: string, folder: string): RecipeSink {
    return {
      record: (images) =>
        this.add(
          files,
          root,
          images.map((image) => ({
            sha256: sha256Hex(image.bytes),
            file: path.posix.relative(root, path.posix.join(folder, image.name)),
            recipe: image.recipe,
          })),
        ),
    };
  }
}
