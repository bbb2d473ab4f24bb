/** Get Started: opens the extension's walkthrough in VS Code's Welcome page, where its steps show what is done. */
import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from '../../core/walkthrough';
import type { Command } from '../../platform/command';

export function getStartedCommand(services: { readonly extensionId: string }): Command {
  return {
    async execute() {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${services.extensionId}#${WALKTHROUGH_ID}`, false);
    },
  };
}
