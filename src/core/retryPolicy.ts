/**
 * When to try a failed request again, and after how long. Only failures that can pass by themselves are
 * retried: a rate limit, a server error, a dropped connection. A missing quota, a moderation block, a bad key,
 * an unverified organization or a refused parameter fail the same way every time, and a retry of a generate
 * can be billed again, so those are never retried.
 */
import type { Failure, FailureKind } from './failure';

export const RETRY_LIMITS = {
  /** First backoff; doubles each attempt. */
  baseDelayMs: 500,
  maxBackoffMs: 8_000,
  /** The longest we honour a server's retry-after before giving up on waiting. */
  maxRetryAfterMs: 60_000,
} as const;

const TRANSIENT: ReadonlySet<FailureKind> = new Set(['rate-limit', 'server', 'offline']);

export interface RetryDecision {
  readonly retry: boolean;
  readonly delayMs: number;
}

/**
 * @param attempt how many retries were already made (0 after the first failure)
 * @param random a number in [0, 1) for jitter; injected so tests are deterministic
 */
export function retryDecision(failure: Failure, attempt: number, maxRetries: number, random: number = Math.random()): RetryDecision {
  if (!TRANSIENT.has(failure.kind) || attempt >= maxRetries) return { retry: false, delayMs: 0 };
  if (failure.retryAfterMs !== undefined) {
    // A server that asks for a longer pause than we are willing to wait is answered with the failure now.
    if (failure.retryAfterMs > RETRY_LIMITS.maxRetryAfterMs) return { retry: false, delayMs: 0 };
    return { retry: true, delayMs: Math.max(0, failure.retryAfterMs) };
  }
  const backoff = Math.min(RETRY_LIMITS.baseDelayMs * 2 ** attempt, RETRY_LIMITS.maxBackoffMs);
  // Up to 25% less, so many clients that failed together do not return together.
  return { retry: true, delayMs: Math.round(backoff * (1 - 0.25 * random)) };
}

/** Reads `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
