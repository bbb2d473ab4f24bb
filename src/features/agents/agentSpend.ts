/**
 * What agents' tool calls may spend in this window (`openaiImages.agentSpendLimitUsd`): the window's ledger
 * (core/spendingLimit), with refusals worded for the model that made the call.
 */
import * as vscode from 'vscode';
import { agentSpendRefusal } from '../../core/agentTools';
import { SpendingLimit, type Reservation } from '../../core/spendingLimit';

export class AgentSpend {
  readonly ledger: SpendingLimit;

  constructor(limitUsd: () => number) {
    this.ledger = new SpendingLimit(limitUsd);
  }

  /** Spent so far (settled calls and calls under way), and the limit as the settings say now. */
  status(): { readonly spentUsd: number; readonly limitUsd: number } {
    return this.ledger.status();
  }

  /** Why a call estimated at `usd` may not be sent, or undefined when it may. */
  refusal(usd: number): string | undefined {
    if (this.ledger.fits(usd)) return undefined;
    const { spentUsd, limitUsd } = this.ledger.status();
    return agentSpendRefusal(usd, spentUsd, limitUsd, 'openaiImages.agentSpendLimitUsd', vscode.l10n.t);
  }

  /** Reserves `usd` when it fits; the refusal otherwise. */
  reserve(usd: number): { readonly reservation: Reservation } | { readonly refusal: string } {
    const reserved = this.ledger.reserve(usd);
    if (reserved.ok) return { reservation: reserved.reservation };
    return { refusal: agentSpendRefusal(usd, reserved.spentUsd, reserved.limitUsd, 'openaiImages.agentSpendLimitUsd', vscode.l10n.t) };
  }
}
