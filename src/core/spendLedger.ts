/** Running totals of what requests cost: today and this month, kept across sessions. */
import { z } from 'zod';

export const spendLedgerSchema = z.object({
  day: z.string(),
  dayUsd: z.number().min(0),
  month: z.string(),
  monthUsd: z.number().min(0),
});

export type SpendLedger = z.infer<typeof spendLedgerSchema>;

/** Local calendar day and month, as the user counts them. */
function periods(now: Date): { day: string; month: string } {
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  return { day: `${month}-${String(now.getDate()).padStart(2, '0')}`, month };
}

/** The ledger as of `now`: a new day or month starts again from zero. */
export function currentLedger(saved: SpendLedger | undefined, now: Date): SpendLedger {
  const { day, month } = periods(now);
  return {
    day,
    dayUsd: saved?.day === day ? saved.dayUsd : 0,
    month,
    monthUsd: saved?.month === month ? saved.monthUsd : 0,
  };
}

export function addSpend(saved: SpendLedger | undefined, usd: number, now: Date): SpendLedger {
  const ledger = currentLedger(saved, now);
  return { ...ledger, dayUsd: ledger.dayUsd + usd, monthUsd: ledger.monthUsd + usd };
}
