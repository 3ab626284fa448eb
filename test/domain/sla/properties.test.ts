import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarOf, loadPolicy, pauseClock, planClock, resumeClock, secondsUntil, type ClockName } from '../../../functions/domain/policy';

const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) });
const H = 3_600_000;

describe('SLA clocks: properties', () => {
  it('calendar basis: a pause pushes the due instant back by exactly its length', () => {
    const policy = loadPolicy('promptearn');
    const facts = { category: 'general_inquiry', priority: 'normal', channel: 'email' as const };
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 47 * H }), fc.integer({ min: 0, max: 30 * 24 * H }), (start, before, pause) => {
        const { state } = planClock(policy, facts, 'resolution', new Date(start));
        const paused = pauseClock(policy, state, new Date(start + before), 'waiting for the customer');
        const resumed = resumeClock(policy, paused, new Date(start + before + pause));
        return Date.parse(resumed.deadline.due) === Date.parse(state.due!) + pause;
      }),
      { numRuns: 200 },
    );
  });

  it('business basis: open time used before the pause plus open time after the resume equals the budget', () => {
    const policy = loadPolicy('promptearn');
    const facts = { category: 'vendor_affiliate_dispute', priority: 'normal', channel: 'web' as const };
    const cal = calendarOf(policy, 'lagos_office');
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 72 * H }), fc.integer({ min: 0, max: 20 * 24 * H }), fc.constantFrom<ClockName>('disputeUpdate', 'disputeDecision'), (start, before, pause, clock) => {
        const { state } = planClock(policy, facts, clock, new Date(start));
        const pausedAt = Math.min(start + before, Date.parse(state.due!));
        const paused = pauseClock(policy, state, new Date(pausedAt), 'waiting for the customer');
        const resumeAt = new Date(pausedAt + pause);
        const resumed = resumeClock(policy, paused, resumeAt);
        const used = cal.businessMsBetween(new Date(start), new Date(pausedAt));
        const after = cal.businessMsBetween(resumeAt, new Date(resumed.deadline.due));
        return used + after === state.budgetMs && Date.parse(resumed.deadline.due) >= Date.parse(state.due!);
      }),
      { numRuns: 150 },
    );
  });
});

describe('SLA clocks under virtual time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the seconds a Step Functions wait needs, read from a faked clock across a weekend and a holiday', () => {
    const policy = loadPolicy('ecomstore');
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-16T21:30:00Z')); // Friday 16:30 in New York, before MLK Day
    const { deadline } = planClock(policy, { category: 'order_issue', priority: 'normal', channel: 'email' }, 'firstResponse', new Date());
    expect(deadline.due).toBe('2026-01-20T15:30:00Z'); // Tuesday 10:30: Monday is a holiday
    expect(secondsUntil(deadline.due, new Date())).toBe((3 * 24 + 18) * 3600);
    vi.advanceTimersByTime((3 * 24 + 18) * 3600 * 1000 - 500);
    expect(secondsUntil(deadline.due, new Date())).toBe(1);
  });

  it('itc: a target without its own calendar follows the department calendar (24/24 technical desk)', () => {
    const itc = loadPolicy('itc');
    const friday8pm = '2026-11-20T20:00:00+07:00';
    expect(planClock(itc, { category: 'hosting_domain', priority: 'urgent', channel: 'web' }, 'nextReply', friday8pm).deadline).toMatchObject({
      due: '2026-11-23T17:00:00Z', // the close of Monday's 00:00–24:00 working day
      explanation: { calendar: 'technical_24h' },
    });
    expect(planClock(itc, { category: 'quotation', priority: 'normal', channel: 'web' }, 'nextReply', friday8pm).deadline).toMatchObject({
      due: '2026-11-23T09:30:00Z', // Monday 16:30 in the split-shift office
      explanation: { calendar: 'itc_office' },
    });
  });
});
