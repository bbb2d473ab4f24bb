import * as vscode from 'vscode';
import type { Command } from '../../platform/command';
import { generateStyled, type StyledGenerationServices } from './styledGeneration';

/** The selected text (all selections, in order), or undefined when nothing is selected. */
function selectedText(editor: vscode.TextEditor | undefined): string | undefined {
  const text = (editor?.selections ?? [])
    .filter((selection) => !selection.isEmpty)
    .sort((a, b) => a.start.compareTo(b.start))
    .map((selection) => editor!.document.getText(selection).trim())
    .filter((part) => part !== '')
    .join('\n');
  return text === '' ? undefined : text;
}

/** Generate with Style...: a style kit applied to the selection, or to a prompt asked for after the style. */
export function generateWithStyleCommand(services: StyledGenerationServices): Command {
  return {
    execute: () => generateStyled(services, { prompt: selectedText(vscode.window.activeTextEditor) }),
  };
}
