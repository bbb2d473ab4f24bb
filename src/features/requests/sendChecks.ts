/**
 * Checks every request makes before it is sent, whichever route sends it (Images API, conversation turns): the
 * output folder stays in its workspace folder, and a costly request is confirmed.
 */
import * as vscode from 'vscode';
import { containPath, describePathProblem } from '../../core/containment';
import { PRICES_AS_OF, type CostEstimate } from '../../core/pricing';
import { costLabel } from '../../platform/costLabel';
import { showWarning } from '../../platform/notify';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';

/** The output folder, links resolved, must stay in its workspace folder: a committed symlinked folder may point anywhere. */
export async function outputFolderProblem(folder: vscode.Uri): Promise<string | undefined> {
  const home = vscode.workspace.getWorkspaceFolder(folder);
  if (!home) return undefined;
  const contained = await containPath(home.uri.path, folder.path, workspaceAssetFiles(home.uri));
  if (contained.ok) return undefined;
  return describePathProblem({ path: folder.path, reason: contained.reason }, vscode.l10n.t, vscode.workspace.asRelativePath(folder, false));
}

export async function confirmCost(estimate: CostEstimate, count: number, model: string): Promise<boolean> {
  const send = vscode.l10n.t('Send');
  const basis =
    estimate.basis === 'declared'
      ? vscode.l10n.t('The price per image declared in openaiImages.compatibleModels.')
      : estimate.basis === 'calibrated'
        ? vscode.l10n.t('Estimated from your last {0} requests with these settings.', estimate.samples ?? 0)
        : estimate.unmeasured
          ? vscode.l10n.t(
              'OpenAI publishes no token counts for this model and none of your requests has measured it yet, so this is an upper bound from published rates as of {0}; your first requests with these settings make the next estimate exact.',
              PRICES_AS_OF,
            )
          : vscode.l10n.t('Estimated from published rates as of {0}.', PRICES_AS_OF);
  const question = estimate.unmeasured
    ? vscode.l10n.t('This request may cost {0}: {1} image(s) with {2}, not yet measured for this model.', costLabel(estimate), count, model)
    : vscode.l10n.t('This request may cost {0}: {1} image(s) with {2}.', costLabel(estimate), count, model);
  const choice = await showWarning(question, { modal: true, detail: `${vscode.l10n.t('You are asked above openaiImages.confirmAboveUsd.')} ${basis}` }, send);
  return choice === send;
}
