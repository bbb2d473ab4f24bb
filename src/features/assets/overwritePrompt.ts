/** How the editor words an asset's state, and the question before replacing files someone else made. */
import * as vscode from 'vscode';
import type { AssetStatus, PlanItem } from '../../core/assets/assetPlan';
import type { DerivativeItem } from '../../core/assets/derivativePlan';
import { showWarning } from '../../platform/notify';

export function reasonOf(status: AssetStatus): string {
  switch (status) {
    case 'missing':
      return vscode.l10n.t('missing');
    case 'recipe-changed':
      return vscode.l10n.t('recipe changed');
    case 'input-stale':
      return vscode.l10n.t('an input is made first');
    case 'modified':
      return vscode.l10n.t('changed on disk since it was made (asks before overwriting)');
    case 'untracked':
      return vscode.l10n.t('exists, not made from this manifest (asks before overwriting)');
    case 'up-to-date':
      return vscode.l10n.t('up to date (regenerate)');
    case 'input-missing':
      return vscode.l10n.t('an input is missing');
  }
}

/** Asked once with every stale asset changed by hand or not made from this manifest; returns those to replace. */
export async function askToOverwrite(changed: readonly PlanItem[]): Promise<ReadonlySet<number>> {
  const overwrite = vscode.l10n.t('Overwrite');
  const keep = vscode.l10n.t('Keep Them');
  const list = changed.map((item) => `• ${item.asset.key}: ${reasonOf(item.status)}`).join('\n');
  const choice = await showWarning(
    vscode.l10n.t('{0} file(s) were changed by hand or not made from this manifest. Overwrite them?', changed.length),
    { modal: true, detail: list },
    overwrite,
    keep,
  );
  return new Set(choice === overwrite ? changed.map((item) => item.asset.index) : []);
}

/** The same question for derivatives changed by hand; returns the lock keys of those to replace. */
export async function askToOverwriteDerived(changed: readonly DerivativeItem[]): Promise<ReadonlySet<string>> {
  const overwrite = vscode.l10n.t('Overwrite');
  const keep = vscode.l10n.t('Keep Them');
  const list = changed.map((item) => `• ${item.derivative.key}`).join('\n');
  const choice = await showWarning(
    vscode.l10n.t('{0} derivative(s) were changed by hand or not made from this manifest. Overwrite them?', changed.length),
    { modal: true, detail: list },
    overwrite,
    keep,
  );
  return new Set(choice === overwrite ? changed.map((item) => item.derivative.key) : []);
}
