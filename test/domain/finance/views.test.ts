import { describe, expect, it } from 'vitest';
import { financeEntryOf, type FinanceEntry } from '../../../functions/domain/finance/entry';
import { proposeRefund } from '../../../functions/domain/finance/refund/propose';
import { FinanceQueueQuerySchema, filterQueue, financeTotals, minorUnitsOf, periodOf } from '../../../functions/domain/finance/views';
import { financeSettings, mustBeOk, promptearn, staff } from './helpers';

const policy = promptearn();
const friday = new Date('2026-11-27T14:00:00Z');
let n = 0;
const entry = (amountMinor: number, currency: string, at = friday): FinanceEntry =>
  financeEntryOf({
    kind: 'refund',
    record: mustBeOk(
      proposeRefund({ refundId: `rf-${++n}`, caseId: 'case-1', amount: { amountMinor, currency }, reason: 'Course never delivered', reference: { kind: 'order', value: 'ORD-1' } }, staff.agent, at, financeSettings().refunds, policy),
    ).refund,
  });

describe('finance queue filters', () => {
  it('an amount range needs a currency: amounts in different currencies are never compared', () => {
    expect(FinanceQueueQuerySchema.safeParse({ minAmount: '100' }).success).toBe(false);
    expect(FinanceQueueQuerySchema.safeParse({ minAmount: '100.001', currency: 'USD' }).success).toBe(false);
    expect(FinanceQueueQuerySchema.safeParse({ minAmount: '100', currency: 'JPY' }).success).toBe(true);
  });

  it('filters by currency and a decimal range in that currency, bounds included, and by age', () => {
    const entries = [entry(10_000, 'USD'), entry(10_001, 'USD'), entry(10_001, 'NGN'), entry(50_000, 'USD', new Date('2026-11-20T10:00:00Z'))];
    const q = FinanceQueueQuerySchema.parse({ currency: 'USD', minAmount: '100.00', maxAmount: '100.01' });

    expect(filterQueue(entries, q, friday).map((e) => e.amount)).toEqual([
      { amountMinor: 10_000, currency: 'USD' },
      { amountMinor: 10_001, currency: 'USD' },
    ]);
    expect(filterQueue(entries, FinanceQueueQuerySchema.parse({ minAgeHours: '48' }), friday).map((e) => e.amount.amountMinor)).toEqual([50_000]);
    expect(minorUnitsOf('5', 'JPY')).toBe(5);
    expect(minorUnitsOf('1.5', 'KWD')).toBe(1500);
  });
});

describe('finance totals', () => {
  it('sums by period, currency and status, never across currencies, periods in the policy zone', () => {
    // 23:30 UTC on 30 Nov is 00:30 on 1 Dec in Lagos: December's.
    const rows = financeTotals([entry(100, 'USD'), entry(250, 'USD'), entry(5_000, 'NGN'), entry(1, 'USD', new Date('2026-11-30T23:30:00Z'))], { period: 'month' }, 'Africa/Lagos');

    expect(rows).toEqual([
      { period: '2026-11', currency: 'NGN', kind: 'refund', status: 'requested', count: 1, amountMinor: 5_000, amount: '50.00' },
      { period: '2026-11', currency: 'USD', kind: 'refund', status: 'requested', count: 2, amountMinor: 350, amount: '3.50' },
      { period: '2026-12', currency: 'USD', kind: 'refund', status: 'requested', count: 1, amountMinor: 1, amount: '0.01' },
    ]);
    expect(periodOf('2026-11-27T14:00:00Z', 'week', 'Africa/Lagos')).toBe('2026-11-23');
  });
});
