import * as vscode from 'vscode';
import { formatFromExtension } from '../../core/imageBytes';
import type { Command } from '../../platform/command';
import { showError } from '../../platform/notify';
import { fileName, pickImages } from '../edit/editInputs';
import { CANVAS_VIEW_TYPE } from './canvasViewType';

/**
 * "Draw Edit...": opens the edit canvas on an image (the one clicked in the explorer, shown in the image preview,
 * a panel result, or one chosen in a dialog). The canvas is a custom editor, so it opens like any editor tab.
 */
export function drawEditCommand(): Command {
  return {
    execute: async (clicked?: unknown, selected?: unknown) => {
      const image = (await pickImages(clicked, selected))?.[0];
      if (!image) return;
      if (!formatFromExtension(fileName(image))) {
        void showError(vscode.l10n.t('{0} is not a PNG, JPEG or WebP image the API can edit.', fileName(image)));
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', image, CANVAS_VIEW_TYPE);
    },
  };
}
