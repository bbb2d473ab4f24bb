import * as vscode from 'vscode';
import { formatUsd, type CostEstimate } from '../core/pricing';

/** `about $0.034`, or `up to $0.050` where the price depends on what the model picks. */
export function costLabel(estimate: CostEstimate): string {
  const amount = formatUsd(estimate.usd);
  return estimate.approximate ? vscode.l10n.t('up to {0}', amount) : vscode.l10n.t('about {0}', amount);
}
