/** Shows a failure as a notification whose buttons do what the message says. */
import * as vscode from 'vscode';
import { PLATFORM_LINKS, describeFailure, type Failure, type FailureAction } from '../../core/failure';
import { CommandIds } from '../../core/commandIds';
import type { Logger } from '../../platform/logger';
import { showError } from '../../platform/notify';
import { saveRecoveredImages } from './recoveredImages';

export interface FailureCallbacks {
  readonly retry?: () => unknown;
  readonly editPrompt?: () => unknown;
  /** Images kept in recovery, for Save As... */
  readonly recovered?: readonly string[];
}

function label(action: FailureAction): string {
  switch (action) {
    case 'setApiKey':
      return vscode.l10n.t('Set API Key');
    case 'openVerification':
      return vscode.l10n.t('Open Verification Page');
    case 'openUsageLimits':
      return vscode.l10n.t('Open Usage Limits');
    case 'openBilling':
      return vscode.l10n.t('Open Billing');
    case 'retry':
      return vscode.l10n.t('Retry');
    case 'editPrompt':
      return vscode.l10n.t('Edit Prompt');
    case 'openSettings':
      return vscode.l10n.t('Open Settings');
    case 'showLog':
      return vscode.l10n.t('Show Log');
    case 'saveRecovered':
      return vscode.l10n.t('Save As...');
    case 'showRecovery':
      return vscode.l10n.t('Show in Recovery');
  }
}

export function failureMessage(failure: Failure): string {
  return describeFailure(failure, vscode.l10n.t).message;
}

export async function presentFailure(failure: Failure, log: Logger, callbacks: FailureCallbacks = {}): Promise<void> {
  if (failure.kind === 'cancelled') return;
  const { message, actions } = describeFailure(failure, vscode.l10n.t);
  await presentActions(message, undefined, actions, log, { ...callbacks, recovered: failure.recovered });
}

/**
 * An error notification whose buttons do what they say. With `detail` it is a modal dialog, for reports
 * that must be read; otherwise a toast.
 */
export async function presentActions(
  message: string,
  detail: string | undefined,
  actions: readonly FailureAction[],
  log: Logger,
  callbacks: FailureCallbacks = {},
): Promise<void> {
  // Offer Retry and Edit Prompt only where the caller can do them.
  const offered = actions.filter((action) =>
    action === 'retry' ? callbacks.retry : action === 'editPrompt' ? callbacks.editPrompt : action === 'saveRecovered' ? callbacks.recovered?.length : true,
  );
  const labels = offered.map(label);
  const chosen = detail === undefined ? await showError(message, ...labels) : await showError(message, { modal: true, detail }, ...labels);
  const action = offered.find((candidate) => label(candidate) === chosen);
  switch (action) {
    case 'setApiKey':
      return void (await vscode.commands.executeCommand(CommandIds.setApiKey));
    case 'openVerification':
      return void (await vscode.env.openExternal(vscode.Uri.parse(PLATFORM_LINKS.verification)));
    case 'openUsageLimits':
      return void (await vscode.env.openExternal(vscode.Uri.parse(PLATFORM_LINKS.limits)));
    case 'openBilling':
      return void (await vscode.env.openExternal(vscode.Uri.parse(PLATFORM_LINKS.billing)));
    case 'openSettings':
      return void (await vscode.commands.executeCommand('workbench.action.openSettings', 'openaiImages'));
    case 'showLog':
      return log.show();
    case 'retry':
      return void (await callbacks.retry?.());
    case 'editPrompt':
      return void (await callbacks.editPrompt?.());
    case 'saveRecovered':
      return void (await saveRecoveredImages(callbacks.recovered ?? [], log));
    case 'showRecovery':
      return void (await vscode.commands.executeCommand(CommandIds.showRecovery));
    case undefined:
      return;
  }
}
