/** The per-window limit on agents' tool calls: reserved before sending, settled at the actual cost, never overrun by calls at once. */
import * as assert from 'node:assert/strict';
import { AgentSpend } from '../../src/features/agents/agentSpend';

describe('host: the spending limit for agents', () => {
  it('refuses a call that would pass the limit, counting calls under way, and settles at the actual cost', () => {
    let limit = 1;
    const spend = new AgentSpend(() => limit);
    const first = spend.reserve(0.6);
    assert.ok('reservation' in first);
    const second = spend.reserve(0.6);
    assert.ok('refusal' in second);
    assert.match(
      second.refusal,
      /may cost \$0\.600.*spent \$0\.600 of the \$1\.00.*openaiImages\.agentSpendLimitUsd/,
      'two calls at once cannot both slip under',
    );
    first.reservation.settle(0.25);
    first.reservation.settle(0.25);
    assert.deepEqual(spend.status(), { spentUsd: 0.25, limitUsd: 1 }, 'settled once');
    const third = spend.reserve(0.6);
    assert.ok('reservation' in third, 'the actual cost, not the estimate, stays counted');
    third.reservation.settle(0);
    limit = 0.2;
    assert.ok(spend.refusal(0.01), 'a lowered limit holds at once');
  });
});
