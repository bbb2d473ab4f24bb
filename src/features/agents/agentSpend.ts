/**
 * What agents' tool calls may spend in this window (`openaiImages.agentSpendLimitUsd`). A call reserves its
 * estimate before it is sent, so two calls at once cannot both slip under the limit, and settles at its actual
 * cost when it is done.
 */
import * as vscode from 'vscode';
import { agentSpendRefusal } from '../../core/agentTools';

export class AgentSpend {
  private spentUsd = 0;
  private reservedUsd = 0;

  constructor(private readonly limitUsd: () => number) {}

  /** Spent so far (settled calls and calls under way), and the limit as the settings say now. */
  status(): { readonly spentUsd: number; readonly limitUsd: number } {
    return { spentUsd: this.spentUsd + this.reservedUsd, limitUsd: this.limitUsd() };
  }

  /** Why a call estimated at `usd` may not be sent, or undefined when it may. */
  refusal(usd: number): string | undefined {
    const { spentUsd, limitUsd } = this.status();
    if (spentUsd + usd <= limitUsd) return undefined;
    return agentSpendRefusal(usd, spentUsd, limitUsd, 'openaiImages.agentSpendLimitUsd', vscode.l10n.t);
  }

  /** Reserves `usd` when it fits; the refusal otherwise. */
  reserve(usd: number): string | undefined {
    const refusal = this.refusal(usd);
    if (refusal === undefined) this.reservedUsd += usd;
    return refusal;
  }

  /** Ends a reservation: the call cost `actualUsd` (0 when nothing was made). */
  settle(reservedUsd: number, actualUsd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservedUsd);
    this.spentUsd += actualUsd;
  }
}
