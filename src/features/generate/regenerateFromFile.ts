import * as path from 'node:path';
import * as vscode from 'vscode';
import { describePathProblem } from '../../core/containment';
import { editStem, slugFromPrompt } from '../../core/fileNaming';
import { LIMITS } from '../../core/problems';
import type { Recipe } from '../../core/recipe';
import { detectFormat, FILE_EXTENSIONS } from '../../core/imageBytes';
import { RECIPE_REGISTRY_PATH } from '../../core/credentials/recipeRegistry';
import type { InputImage } from '../../core/requestPlan';
import { readContained } from '../../pipeline/containedFiles';
import { fileName, pickImages, readImages } from '../edit/editInputs';
import { showError, showInformation, showWarning } from '../../platform/notify';
import { chooseOutputLocation } from '../requests/outputLocation';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import type { Command } from '../../platform/command';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import type { SettingsReader } from '../../platform/settingsReader';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';

interface RecipeInput {
  readonly uri: vscode.Uri;
  readonly image: InputImage;
}

/**
 * The recipe's inputs, read under the containment rule: a PNG is the repository's file, so its recipe may name
 * `../../Pictures/passport.png` or a path through a symlinked folder. Anything that is not inside the PNG's
 * workspace folder (after resolving links), not a regular file, or too large stops here, named, with nothing sent.
 */
async function readRecipeInputs(file: vscode.Uri, recipe: Recipe): Promise<{ images: RecipeInput[]; mask?: RecipeInput; markup?: RecipeInput } | undefined> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(file);
  if (!workspaceFolder) {
    void showError(
      vscode.l10n.t('{0} is not in a workspace folder, so the images its recipe names are not uploaded. Open its folder and try again.', fileName(file)),
    );
    return undefined;
  }
  const root = workspaceFolder.uri.path;
  const files = workspaceAssetFiles(file);
  const folder = path.posix.dirname(file.path);
  const read = async (relative: string, maxBytes: number): Promise<RecipeInput | undefined> => {
    const absolute = path.posix.resolve(folder, relative.replace(/\\/g, '/'));
    const result = await readContained(files, root, absolute, maxBytes);
    if (!result.ok) {
      void showError(
        vscode.l10n.t('The recipe of {0} names a file that is not uploaded: {1}', fileName(file), describePathProblem(result.problem, vscode.l10n.t, relative)),
      );
      return undefined;
    }
    if (!result.bytes) {
      void showError(vscode.l10n.t('The recipe of {0} names {1}, which no longer exists.', fileName(file), relative));
      return undefined;
    }
    const uri = file.with({ path: absolute });
    return { uri, image: { name: path.posix.basename(absolute), bytes: result.bytes } };
  };
  const images: RecipeInput[] = [];
  for (const source of recipe.sources) {
    const input = await read(source, LIMITS.imageBytes);
    if (!input) return undefined;
    images.push(input);
  }
  const mask = recipe.mask === undefined ? undefined : await read(recipe.mask, LIMITS.maskBytes);
  if (recipe.mask !== undefined && !mask) return undefined;
  const markup = recipe.markup === undefined ? undefined : await read(recipe.markup, LIMITS.imageBytes);
  if (recipe.markup !== undefined && !markup) return undefined;
  return { images, mask, markup };
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1);
}

/** Uploading is the user's decision: every file that would go out is named, with its size, before anything does. */
async function confirmUpload(file: vscode.Uri, inputs: readonly RecipeInput[]): Promise<boolean> {
  const upload = vscode.l10n.t('Upload and Regenerate');
  const list = inputs
    .map((input) => vscode.l10n.t('• {0} ({1} MB)', vscode.workspace.asRelativePath(input.uri, false), megabytes(input.image.bytes.length)))
    .join('\n');
  const choice = await showWarning(
    vscode.l10n.t('Regenerating {0} uploads {1} file(s) named in its recipe to OpenAI.', fileName(file), inputs.length),
    { modal: true, detail: list },
    upload,
  );
  return choice === upload;
}

/**
 * Makes an image written by this extension again from its recipe (the workspace folder's recipe registry, found by
 * the file's SHA-256, or the one inside a PNG): the same prompt, model, size, quality and background, in the same
 * format, and for an edit the same input images and mask if they are still there, inside the workspace. The new
 * image is written beside the old one, which is kept.
 */
export function regenerateFromFileCommand(services: {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recipes: WorkspaceRecipes;
}): Command {
  return {
    async execute(clicked?: unknown) {
      const file = (await pickImages(clicked, undefined))?.[0];
      if (!file) return;
      const [image] = (await readImages([file])) ?? [];
      if (!image) return;
      const recipe = await services.recipes.recipeOf(file, image.bytes);
      if (!recipe) {
        void showInformation(
          vscode.l10n.t(
            "{0} has no OpenAI Images recipe: neither its workspace folder's recipe registry ({1}) nor the file itself records one.",
            fileName(file),
            RECIPE_REGISTRY_PATH,
          ),
        );
        return;
      }
      const format = detectFormat(image.bytes) ?? 'png';
      if (recipe.kind === 'edit' && recipe.sources.length === 0) {
        void showInformation(
          vscode.l10n.t(
            '{0} was edited from images outside its workspace, which its recipe does not record, so it cannot be made again from the file.',
            fileName(file),
          ),
        );
        return;
      }
      const inputs = recipe.kind === 'edit' ? await readRecipeInputs(file, recipe) : undefined;
      if (recipe.kind === 'edit' && !inputs) return;
      if (inputs) {
        const all = [...inputs.images, ...(inputs.mask ? [inputs.mask] : []), ...(inputs.markup ? [inputs.markup] : [])];
        if (!(await confirmUpload(file, all))) return;
      }
      const settings = {
        ...services.settings.read(file),
        model: recipe.model,
        size: recipe.size,
        quality: recipe.quality,
        complexity: recipe.complexity ?? ('auto' as const),
        background: recipe.background,
        outputFormat: format,
        outputCompression: null,
      };
      const location = await chooseOutputLocation(file, settings, slugFromPrompt(recipe.prompt), FILE_EXTENSIONS[format]);
      if (!location) return;
      if (!inputs || !inputs.images[0]) {
        return services.runner.run({
          kind: 'generate',
          prompt: recipe.prompt,
          settings,
          location,
          stem: slugFromPrompt(recipe.prompt),
          modelOrigin: 'recorded',
        });
      }
      return services.runner.run({
        kind: 'edit',
        prompt: recipe.prompt,
        settings,
        images: inputs.images.map((input) => input.image),
        mask: inputs.mask?.image,
        markup: inputs.markup?.image,
        location,
        stem: editStem(inputs.images[0].image.name),
        sources: inputs.images.map((input) => input.uri),
        maskSource: inputs.mask?.uri,
        markupSource: inputs.markup?.uri,
        modelOrigin: 'recorded',
      });
    },
  };
}
