/**
 * A spending limit is a ledger, not a check (README, "Security"): a call reserves its estimate before it is sent,
 * so calls running at once see each other, and settles at what it actually cost, which counts whatever happened
 * after the answer arrived (a file that could not be written, an SVG refused). One per window, shared by the
 * language model tools and the MCP server VS Code starts; one per MCP server process started elsewhere.
 */

/** A reserved amount; settled once (a second settle does nothing). */
export interface Reservation {
  readonly usd: number;
  settle(actualUsd: number): void;
}

export type ReserveResult =
  { readonly ok: true; readonly reservation: Reservation } | { readonly ok: false; readonly spentUsd: number; readonly limitUsd: number };

export class SpendingLimit {
  private settledUsd = 0;
  private reservedUsd = 0;

  /** `limitUsd` is read at each check, so a lowered limit holds at once. */
  constructor(private readonly limitUsd: () => number) {}

  /** Spent so far (settled and reserved) and the limit as it is now. */
  status(): { readonly spentUsd: number; readonly limitUsd: number } {
    return { spentUsd: this.settledUsd + this.reservedUsd, limitUsd: this.limitUsd() };
  }

  /** Whether `usd` more fits under the limit now (without reserving it). */
  fits(usd: number): boolean {
    const { spentUsd, limitUsd } = this.status();
    return Number.isFinite(usd) && usd >= 0 && spentUsd + usd <= limitUsd + 1e-9;
  }

  /** Reserves `usd` when it fits; otherwise says what was spent of what limit. */
  reserve(usd: number): ReserveResult {
    if (!this.fits(usd)) return { ok: false, ...this.status() };
    this.reservedUsd += usd;
    let settled = false;
    return {
      ok: true,
      reservation: {
        usd,
        settle: (actualUsd: number) => {
          if (settled) return;
          settled = true;
          this.reservedUsd = Math.max(0, this.reservedUsd - usd);
          this.settledUsd += Number.isFinite(actualUsd) && actualUsd > 0 ? actualUsd : 0;
        },
      },
    };
  }

  /** Counts a cost nobody reserved (an answer paid for by a call that had been settled, or another process's). */
  add(usd: number): void {
    if (Number.isFinite(usd) && usd > 0) this.settledUsd += usd;
  }
}

/** What a call reserves from: this process's SpendingLimit, or the window's over a ledger channel. */
export interface Ledger {
  reserve(usd: number): ReserveResult | Promise<ReserveResult>;
}
