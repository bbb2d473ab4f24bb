/** The per-window limit on agents' tool calls: reserved before sending, settled at the actual cost, never overrun by calls at once. */
import * as assert from 'node:assert/strict';
import { AgentSpend } from '../../src/features/agents/agentSpend';

describe('host: the spending limit for agents', () => {
  it('refuses a call that would pass the limit, counting calls under way, and settles at the actual cost', () => {
    let limit = 1;
    const spend = new AgentSpend(() => limit);
    assert.equal(spend.reserve(0.6), undefined);
    const second = spend.reserve(0.6);
    assert.match(
      second ?? '',
      /may cost \$0\.600.*spent \$0\.600 of the \$1\.00.*openaiImages\.agentSpendLimitUsd/,
      'two calls at once cannot both slip under',
    );
    spend.settle(0.6, 0.25);
    assert.deepEqual(spend.status(), { spentUsd: 0.25, limitUsd: 1 });
    assert.equal(spend.reserve(0.6), undefined, 'the actual cost, not the estimate, stays counted');
    spend.settle(0.6, 0);
    limit = 0.2;
    assert.ok(spend.refusal(0.01), 'a lowered limit holds at once');
  });
});
