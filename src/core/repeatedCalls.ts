/**
 * Never paying twice for one request: an agent whose tool call timed out often calls again with the same
 * arguments. A call equal to one still running, or to one that succeeded within the window, gets that call's
 * answer instead of a new request. Failed calls are not remembered: calling again is how a failure is retried.
 */
import { createHash } from 'node:crypto';

/** How long a finished call's answer is handed to a repeat of it. */
export const REPEAT_WINDOW_MS = 15 * 60 * 1000;

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are one call. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One key per tool, arguments and roots (a call in another folder is another call). */
export function callKey(tool: string, input: unknown, roots: readonly string[]): string {
  return createHash('sha256')
    .update(canonical({ tool, input, roots: [...roots].sort() }))
    .digest('hex');
}

export interface Repeat {
  /** How long ago the first call started. */
  readonly ageMs: number;
  /** It was still running when the repeat came. */
  readonly running: boolean;
}

interface Remembered<T> {
  readonly startedAt: number;
  finishedAt?: number;
  readonly answer: Promise<T>;
}

export class RepeatedCalls<T> {
  private readonly calls = new Map<string, Remembered<T>>();

  constructor(
    /** Whether an answer may be handed to a repeat (a success); others are forgotten when they finish. */
    private readonly reusable: (answer: T) => boolean,
    private readonly now: () => number = Date.now,
    private readonly windowMs = REPEAT_WINDOW_MS,
  ) {}

  /** The first call's answer for a repeat (and how it repeats), else `work`'s, remembered for the repeats to come. */
  async run(key: string, work: () => Promise<T>): Promise<{ answer: T; repeat?: Repeat }> {
    this.forgetOld();
    const known = this.calls.get(key);
    if (known) {
      const repeat = { ageMs: this.now() - known.startedAt, running: known.finishedAt === undefined };
      const answer = await known.answer;
      if (this.reusable(answer)) return { answer, repeat };
    }
    const remembered: Remembered<T> = { startedAt: this.now(), answer: work() };
    this.calls.set(key, remembered);
    try {
      const answer = await remembered.answer;
      remembered.finishedAt = this.now();
      if (!this.reusable(answer) && this.calls.get(key) === remembered) this.calls.delete(key);
      return { answer };
    } catch (error) {
      if (this.calls.get(key) === remembered) this.calls.delete(key);
      throw error;
    }
  }

  /** How a call with this key would repeat one, if it would (still running, or a success within the window). */
  peek(key: string): Repeat | undefined {
    this.forgetOld();
    const known = this.calls.get(key);
    return known ? { ageMs: this.now() - known.startedAt, running: known.finishedAt === undefined } : undefined;
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [key, call] of this.calls) if (call.finishedAt !== undefined && now - call.finishedAt > this.windowMs) this.calls.delete(key);
  }
}
