/** What Regenerate from File would find for a file: its root's recipe registry, else the PNG's own recipe. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseRegistry, RECIPE_REGISTRY_PATH, recipeOfImage } from '../../src/core/credentials/recipeRegistry';
import type { Recipe } from '../../src/core/recipe';

export function registryText(root: string): string | undefined {
  try {
    return readFileSync(path.join(root, RECIPE_REGISTRY_PATH), 'utf8');
  } catch {
    return undefined;
  }
}

export function recipeOnDisk(root: string, bytes: Uint8Array): Recipe | undefined {
  return recipeOfImage(parseRegistry(registryText(root)), bytes);
}
