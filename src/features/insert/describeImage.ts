/**
 * "Describe the Image (Alt Text)..." on a picture (explorer, palette): a language model writes its alt text from
 * the picture, the user edits it, and it is kept for every later insert of that picture (features/writer).
 */
import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import { showInformation } from '../../platform/notify';
import { copyMarkdownLink } from '../../platform/fileActions';
import { pickImages } from '../edit/editInputs';
import type { ImageDescriptions } from '../writer/imageDescriptions';

export function describeImageCommand(services: { readonly descriptions: ImageDescriptions }): Command {
  return {
    async execute(clicked?: unknown, selected?: unknown) {
      const file = (
        await pickImages(clicked, selected, { openLabel: vscode.l10n.t('Describe'), title: vscode.l10n.t('Choose a picture to describe for its alt text') })
      )?.[0];
      if (!file) return;
      const described = await services.descriptions.describe(file, { edit: true, document: vscode.window.activeTextEditor?.document });
      if (!described) return;
      const { text } = described;
      const copy = vscode.l10n.t('Copy Markdown Link');
      const choice = await showInformation(vscode.l10n.t('Alt text of {0}: {1}', vscode.workspace.asRelativePath(file), text), copy);
      if (choice === copy) await copyMarkdownLink(file, text);
    },
  };
}
