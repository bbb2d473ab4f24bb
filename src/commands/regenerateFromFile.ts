import * as vscode from 'vscode';
import { editStem, slugFromPrompt } from '../core/fileNaming';
import { readRecipe } from '../core/recipe';
import { fileName, pickImages, readImages } from '../host/editInputs';
import { chooseOutputLocation } from '../host/outputLocation';
import type { Command, CommandServices } from './command';
import { CommandIds } from './commandIds';
import { showInformation } from '../host/notify';

/**
 * Makes a PNG written by this extension again from the recipe inside it: the same prompt, model, size,
 * quality and background, and for an edit the same input images and mask if they are still there.
 * The new image is written beside the old one, which is kept.
 */
export function regenerateFromFileCommand(services: CommandServices): Command {
  return {
    id: CommandIds.regenerateFromFile,
    async execute(clicked?: unknown) {
      const file = (await pickImages(clicked, undefined))?.[0];
      if (!file) return;
      const [image] = (await readImages([file])) ?? [];
      if (!image) return;
      const recipe = readRecipe(image.bytes);
      if (!recipe) {
        void showInformation(vscode.l10n.t('{0} has no OpenAI Images recipe: only PNG files made by this extension carry one.', fileName(file)));
        return;
      }
      const folder = vscode.Uri.joinPath(file, '..');
      const settings = {
        ...services.settings.read(file),
        model: recipe.model,
        size: recipe.size,
        quality: recipe.quality,
        complexity: recipe.complexity ?? ('auto' as const),
        background: recipe.background,
        outputFormat: 'png' as const,
        outputCompression: null,
      };
      const location = await chooseOutputLocation(file, settings, slugFromPrompt(recipe.prompt), 'png');
      if (!location) return;
      if (recipe.kind === 'generate') {
        return services.runner.run({ kind: 'generate', prompt: recipe.prompt, settings, location, stem: slugFromPrompt(recipe.prompt), modelOrigin: 'recorded' });
      }
      const sources = recipe.sources.map((source) => vscode.Uri.joinPath(folder, source));
      const mask = recipe.mask ? vscode.Uri.joinPath(folder, recipe.mask) : undefined;
      const markup = recipe.markup ? vscode.Uri.joinPath(folder, recipe.markup) : undefined;
      const images = await readImages(sources);
      const masks = mask ? await readImages([mask]) : [];
      const markups = markup ? await readImages([markup]) : [];
      if (!images || !masks || !markups || !sources[0]) return;
      return services.runner.run({
        kind: 'edit',
        prompt: recipe.prompt,
        settings,
        images,
        mask: masks[0],
        markup: markups[0],
        location,
        stem: editStem(fileName(sources[0])),
        sources,
        maskSource: mask,
        markupSource: markup,
        modelOrigin: 'recorded',
      });
    },
  };
}
