/**
 * The recipe registries of the window's workspace folders (pipeline/recipeRegistryFile) over `workspace.fs`:
 * where jobs record the recipes of what they write, and where Regenerate from File, More Like This, find_images
 * and conversations look a file's recipe up; and the alt text Describe the Image wrote, which every insert path reads.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { EMPTY_REGISTRY, lookupDescription, recipeOfImage, sha256Hex, type RecipeRegistry } from '../core/credentials/recipeRegistry';
import type { Recipe } from '../core/recipe';
import { RecipeRegistries, type RecipeSink } from '../pipeline/recipeRegistryFile';
import { workspaceAssetFiles } from './workspaceAssetFiles';

export class WorkspaceRecipes {
  /** Shared with asset runs, so every write to one registry from this window waits its turn. */
  readonly registries = new RecipeRegistries();

  /** The recipe of `file` (its bytes given): its workspace folder's registry first, then the PNG itself. */
  async recipeOf(file: vscode.Uri, bytes: Uint8Array): Promise<Recipe | undefined> {
    return recipeOfImage(await this.registryFor(file), bytes);
  }

  /** The alt text recorded for `file` (its bytes given) in its workspace folder's registry. */
  async descriptionOf(file: vscode.Uri, bytes: Uint8Array): Promise<string | undefined> {
    return lookupDescription(await this.registryFor(file), bytes)?.text;
  }

  /**
   * Records alt text for `file` in its workspace folder's registry; false outside every workspace folder (there is
   * no repository to keep it in, so it is used once and not kept).
   */
  async describe(file: vscode.Uri, bytes: Uint8Array, text: string, by: string): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    if (!folder || folder.uri.scheme !== file.scheme || folder.uri.authority !== file.authority) return false;
    await this.registries.describe(workspaceAssetFiles(folder.uri), folder.uri.path, sha256Hex(bytes), {
      text,
      file: path.posix.relative(folder.uri.path, file.path),
      by,
      describedAt: new Date().toISOString(),
    });
    return true;
  }

  /** The registry of the workspace folder holding `file` (empty outside one), to look many files up in. */
  registryFor(file: vscode.Uri): Promise<RecipeRegistry> {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    return folder ? this.registries.read(workspaceAssetFiles(folder.uri), folder.uri.path) : Promise.resolve(EMPTY_REGISTRY);
  }

  /** Where the recipes of files written into `folder` go; undefined outside every workspace folder. */
  sinkFor(folder: vscode.Uri): RecipeSink | undefined {
    const home = vscode.workspace.getWorkspaceFolder(folder);
    if (!home || home.uri.scheme !== folder.scheme || home.uri.authority !== folder.authority) return undefined;
    return this.registries.sinkFor(workspaceAssetFiles(folder), home.uri.path, folder.path);
  }
}
