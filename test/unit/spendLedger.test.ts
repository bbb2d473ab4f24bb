import * as assert from 'node:assert/strict';
import { addSpend, currentLedger } from '../../src/core/spendLedger';

describe('spend ledger', () => {
  const at = (iso: string) => new Date(iso);

  it('adds up within a day and a month', () => {
    let ledger = addSpend(undefined, 0.034, at('2026-11-22T10:00:00'));
    ledger = addSpend(ledger, 0.2, at('2026-11-22T18:00:00'));
    assert.equal(ledger.day, '2026-11-22');
    assert.ok(Math.abs(ledger.dayUsd - 0.234) < 1e-12);
    assert.ok(Math.abs(ledger.monthUsd - 0.234) < 1e-12);
  });

  it('starts a new day, and a new month', () => {
    const november = addSpend(undefined, 1, at('2026-11-22T10:00:00'));
    const nextDay = addSpend(november, 0.5, at('2026-11-23T09:00:00'));
    assert.deepEqual(nextDay, { day: '2026-11-23', dayUsd: 0.5, month: '2026-11', monthUsd: 1.5 });
    assert.deepEqual(currentLedger(nextDay, at('2026-12-01T09:00:00')), { day: '2026-12-01', dayUsd: 0, month: '2026-12', monthUsd: 0 });
  });
});
