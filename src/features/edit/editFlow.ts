/** The edit flow shared by "Edit Image with Prompt..." and "Edit Image with Mask...". */
import * as vscode from 'vscode';
import { editStem } from '../../core/fileNaming';
import { OUTPUT_EXTENSIONS } from '../../core/outputFiles';
import { fileName, pickImages, readImages, type MaskChoice } from './editInputs';
import { chooseOutputLocation } from '../requests/outputLocation';
import { askPrompt } from '../requests/promptInput';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import type { SettingsReader } from '../../platform/settingsReader';
import type { RecentPrompts } from '../requests/recentPrompts';

/** What an edit needs: the runner, the settings and the recent prompts. */
export interface EditServices {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly recentPrompts: RecentPrompts;
}

export async function runEdit(
  services: EditServices,
  clicked: unknown,
  selected: unknown,
  chooseMask: (image: vscode.Uri) => Promise<MaskChoice>,
): Promise<unknown> {
  const uris = await pickImages(clicked, selected);
  const first = uris?.[0];
  if (!uris || !first) return;

  const maskChoice = await chooseMask(first);
  if (maskChoice === 'cancelled') return;

  const prompt = await askPrompt({
    title: uris.length === 1 ? vscode.l10n.t('Edit {0}', fileName(first)) : vscode.l10n.t('Edit {0} images', uris.length),
    placeholder: vscode.l10n.t('Make the sky a warm sunset'),
  });
  if (!prompt) return;

  const images = await readImages(uris);
  const masks = maskChoice.mask ? await readImages([maskChoice.mask]) : [];
  if (!images || !masks) return;

  const settings = services.settings.read(first);
  const stem = editStem(fileName(first));
  const location = await chooseOutputLocation(first, settings, stem, OUTPUT_EXTENSIONS[settings.outputFormat]);
  if (!location) return;
  await services.recentPrompts.remember(prompt);
  return services.runner.run({ kind: 'edit', prompt, settings, images, mask: masks[0], location, stem, sources: uris, maskSource: maskChoice.mask });
}
