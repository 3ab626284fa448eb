import { describe, expect, it } from 'vitest';
import { expectedPayoutArrival, isPayoutLate, withdrawalOf } from '../../../functions/domain/finance/payout/expected-arrival';
import { financeSettings, promptearn } from './helpers';

const policy = promptearn();
const payouts = financeSettings().payouts!;

describe('payout expected arrival on the business calendar', () => {
  it('a withdrawal placed on Saturday is not late on Sunday: Monday and Tuesday count, expected Tuesday at close', () => {
    // Act
    const saturday = expectedPayoutArrival(policy, payouts, { date: '2026-11-28' });

    // Assess: Lagos closes at 17:00 (16:00 UTC).
    expect(saturday.expected.due).toBe('2026-12-01T16:00:00Z');
    expect(isPayoutLate(saturday, new Date('2026-11-29T12:00:00Z'))).toBe(false);
    expect(isPayoutLate(saturday, new Date('2026-12-01T16:00:00Z'))).toBe(false);
    expect(isPayoutLate(saturday, new Date('2026-12-01T16:00:01Z'))).toBe(true);
    expect(saturday.notCounted).toEqual([{ date: '2026-11-29', why: 'Sunday, closed' }]);
    expect(saturday.expected.explanation.text).toContain('Withdrawals reach your bank within 2 business days');
  });

  it('skips a public holiday: placed Tuesday 29 Sep, Independence Day on Thursday, expected Friday 2 Oct', () => {
    const beforeHoliday = expectedPayoutArrival(policy, payouts, { date: '2026-09-29' });

    expect(beforeHoliday.expected.due).toBe('2026-10-02T16:00:00Z');
    expect(beforeHoliday.notCounted).toEqual([{ date: '2026-10-01', why: 'Independence Day' }]);
  });

  it('a weekend and a holiday together: placed Christmas Eve, expected Tuesday 29 Dec', () => {
    const christmasEve = expectedPayoutArrival(policy, payouts, { date: '2026-12-24' });

    expect(christmasEve.expected.due).toBe('2026-12-29T16:00:00Z');
    expect(christmasEve.notCounted.map((d) => d.why)).toEqual(['Christmas Day', 'Boxing Day', 'Sunday, closed']);
    expect(isPayoutLate(christmasEve, new Date('2026-12-28T16:00:00Z'))).toBe(false);
  });

  it('a withdrawal known to the minute, placed before Monday opening, counts Monday itself', () => {
    const mondayMorning = expectedPayoutArrival(policy, payouts, { at: '2026-11-30T07:00:00Z' });
    const mondayAfternoon = expectedPayoutArrival(policy, payouts, { at: '2026-11-30T13:00:00Z' });

    expect(mondayMorning.expected.due).toBe('2026-12-01T16:00:00Z');
    expect(mondayAfternoon.expected.due).toBe('2026-12-02T16:00:00Z');
  });

  it('reads the withdrawal from a payout-delay complaint only', () => {
    expect(withdrawalOf(payouts, 'payout_delay', { withdrawalDate: '2026-11-28' })).toEqual({ date: '2026-11-28' });
    expect(withdrawalOf(payouts, 'refund_request', { withdrawalDate: '2026-11-28' })).toBeUndefined();
    expect(withdrawalOf(payouts, 'payout_delay', { withdrawalDate: 'last week' })).toBeUndefined();
  });
});
