import * as assert from 'node:assert/strict';
import type { FailureKind } from '../../src/core/failure';
import { RETRY_LIMITS, parseRetryAfter, retryDecision } from '../../src/core/retryPolicy';

describe('retry policy', () => {
  it('retries only what can pass by itself', () => {
    const retried: FailureKind[] = ['rate-limit', 'server', 'offline'];
    const never: FailureKind[] = [
      'quota',
      'moderation',
      'auth',
      'verification',
      'region',
      'permission',
      'model-not-found',
      'invalid-request',
      'invalid-input',
      'cancelled',
      'timeout',
      'unexpected-output',
      'write-failed',
      'no-key',
    ];
    for (const kind of retried) assert.equal(retryDecision({ kind }, 0, 2).retry, true, kind);
    for (const kind of never) assert.equal(retryDecision({ kind }, 0, 2).retry, false, kind);
  });

  it('stops at maxRetries', () => {
    assert.equal(retryDecision({ kind: 'server' }, 1, 2).retry, true);
    assert.equal(retryDecision({ kind: 'server' }, 2, 2).retry, false);
    assert.equal(retryDecision({ kind: 'server' }, 0, 0).retry, false);
  });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(retryDecision({ kind: 'server' }, 0, 9, 0).delayMs, 500);
    assert.equal(retryDecision({ kind: 'server' }, 1, 9, 0).delayMs, 1000);
    assert.equal(retryDecision({ kind: 'server' }, 2, 9, 0.999).delayMs, Math.round(2000 * (1 - 0.25 * 0.999)));
    assert.equal(retryDecision({ kind: 'server' }, 8, 9, 0).delayMs, RETRY_LIMITS.maxBackoffMs);
  });

  it('honours retry-after up to a minute', () => {
    assert.deepEqual(retryDecision({ kind: 'rate-limit', retryAfterMs: 20_000 }, 0, 2), { retry: true, delayMs: 20_000 });
    assert.deepEqual(retryDecision({ kind: 'rate-limit', retryAfterMs: 61_000 }, 0, 2), { retry: false, delayMs: 0 });
  });

  it('reads retry-after-ms, seconds and HTTP dates', () => {
    const headers = (entries: Record<string, string>) => new Headers(entries);
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '1500' })), 1500);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '7' })), 7000);
    const now = Date.parse('2026-11-22T10:00:00Z');
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }), now), 30_000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(parseRetryAfter(headers({})), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});
