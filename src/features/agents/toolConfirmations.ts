/**
 * Which tool calls the user was asked to confirm. VS Code calls `prepareInvocation` (whose confirmation the user
 * accepts, or has chosen to always accept) before `invoke`; a call that showed no confirmation there (it could
 * not run: over the limit, a refused path) is never sent by `invoke`, even when things changed in between.
 */

/** What the user was shown: the estimate a run may not exceed. */
export interface ConfirmedCall {
  readonly estimateUsd: number;
}

const MAX_WAITING = 64;

export class ToolConfirmations {
  private readonly waiting = new Map<string, ConfirmedCall[]>();

  private static keyOf(input: unknown): string {
    return JSON.stringify(input) ?? 'undefined';
  }

  remember(input: unknown, call: ConfirmedCall): void {
    const key = ToolConfirmations.keyOf(input);
    const calls = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    this.waiting.set(key, [...calls, call]);
    // Confirmations the user dismissed never reach `invoke`; the oldest go first.
    while (this.waiting.size > MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
  }

  /** The confirmation shown for this input, used up; undefined when none was. */
  take(input: unknown): ConfirmedCall | undefined {
    const key = ToolConfirmations.keyOf(input);
    const [first, ...rest] = this.waiting.get(key) ?? [];
    if (rest.length > 0) this.waiting.set(key, rest);
    else this.waiting.delete(key);
    return first;
  }
}
