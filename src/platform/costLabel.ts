import * as vscode from 'vscode';
import { formatUsd, type CostEstimate } from '../core/pricing';

/** `about $0.034`, `up to $0.050` where the price depends on what the model picks, or `cost unknown` (a compatible server). */
export function costLabel(estimate: CostEstimate): string {
  if (estimate.unknown) return vscode.l10n.t('cost unknown');
  const amount = formatUsd(estimate.usd);
  return estimate.approximate ? vscode.l10n.t('up to {0}', amount) : vscode.l10n.t('about {0}', amount);
}
