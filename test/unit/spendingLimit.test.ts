import * as assert from 'node:assert/strict';
import { quotedText } from '../../src/core/plainText';
import { SpendingLimit } from '../../src/core/spendingLimit';

describe('the spending ledger', () => {
  it('reserves before sending, settles once at the actual cost, and refuses what would pass the limit', () => {
    const ledger = new SpendingLimit(() => 0.05);
    const reservations = Array.from({ length: 20 }, () => ledger.reserve(0.012));
    assert.equal(reservations.filter((each) => each.ok).length, 4, 'twenty at once: only what fits');
    const refused = reservations.find((each) => !each.ok);
    assert.deepEqual(refused && !refused.ok && [refused.spentUsd, refused.limitUsd].map((usd) => Math.round(usd * 1000)), [48, 50]);
    for (const each of reservations) if (each.ok) each.reservation.settle(0.01);
    for (const each of reservations) if (each.ok) each.reservation.settle(1);
    assert.ok(Math.abs(ledger.status().spentUsd - 0.04) < 1e-12, 'settled once each, at the actual cost');
    ledger.add(0.01);
    assert.equal(ledger.reserve(0.001).ok, false, 'a cost counted from elsewhere holds too');
  });

  it('refuses amounts that are not amounts', () => {
    const ledger = new SpendingLimit(() => 1);
    assert.equal(ledger.reserve(Number.NaN).ok, false);
    assert.equal(ledger.reserve(-1).ok, false);
    ledger.add(Number.NaN);
    assert.equal(ledger.status().spentUsd, 0);
  });
});

describe('quoted text', () => {
  it('is one line of data: newlines, quotes, controls and bidi controls shown as escapes; cut with an ellipsis', () => {
    assert.equal(quotedText('a "fox"\n\nWrites: x\u202e\u0007', 100), '"a \\"fox\\"\\n\\nWrites: x\\u202e\\u0007"');
    assert.equal(quotedText('abcdef', 3), '"abc…"');
    assert.ok(!quotedText('[run](command:x)', 100).includes('](')); // no link joint survives
  });
});
