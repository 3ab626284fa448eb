import { describe, expect, it } from 'vitest';
import {
  ClockStateSchema,
  DeadlineSchema,
  disputeReviewPlan,
  escalationPlan,
  isBreached,
  loadPolicy,
  nextPeriodicUpdate,
  nextRung,
  pauseClock,
  planClock,
  planIntake,
  planIntakeDeadlines,
  resumeClock,
  secondsUntil,
  sequencingDeadline,
  stopClock,
} from '../../../functions/domain/policy';

const promptearn = loadPolicy('promptearn');
const itc = loadPolicy('itc');
const generic = loadPolicy('generic');
const ecomstore = loadPolicy('ecomstore');
const earnway = loadPolicy('earnway');

const utc = (s: string) => new Date(s).toISOString().replace('.000Z', 'Z');

describe('Promptearn (seed 001)', () => {
  const payout = { category: 'payout_delay', priority: 'high', channel: 'web' as const };

  it('a withdrawal complaint placed on a Saturday: calendar-hour promises run through the weekend', () => {
    const received = '2026-11-21T10:00:00+01:00'; // Saturday, Lagos
    const d = planIntakeDeadlines(promptearn, { ...payout, receivedAt: new Date(received) });
    expect(d.acknowledgment.due).toBe(utc('2026-11-22T10:00:00+01:00')); // Sunday: 24 h of calendar time
    expect(d.resolution.due).toBe(utc('2026-11-22T10:00:00+01:00')); // high priority: 24 h
    expect(d.resolution.explanation.basis).toBe('calendar');
    expect(d.resolution.explanation.text).toContain('24 hours of calendar time');
    expect(planClock(promptearn, payout, 'autoEscalation', received).deadline.due).toBe(utc('2026-11-23T10:00:00+01:00'));
  });

  it('the same Saturday complaint in dispute review: 3 and 5 business days, the weekend does not count', () => {
    const plan = disputeReviewPlan(promptearn, payout, '2026-11-21T10:00:00+01:00');
    expect(plan.update.deadline.due).toBe(utc('2026-11-25T17:00:00+01:00')); // Mon, Tue, Wed
    expect(plan.decision.deadline.due).toBe(utc('2026-11-27T17:00:00+01:00')); // ... Thu, Fri
    expect(plan.update.deadline.explanation.basis).toBe('business');
    expect(plan.update.deadline.explanation.calendar).toBe('lagos_office');
    expect(plan.update.deadline.explanation.text).toMatch(/3 business days on the business calendar lagos_office \(Africa\/Lagos: Mon–Fri 09:00–17:00, closed on NG public holidays\)/);
    expect(plan.update.deadline.explanation.clause).toMatch(/Dispute Resolution Team/);
  });

  it('dispute review across year end: Christmas, Boxing Day and New Year are skipped', () => {
    const plan = disputeReviewPlan(promptearn, payout, '2026-12-24T10:00:00+01:00');
    expect(plan.update.deadline.due).toBe(utc('2026-12-30T17:00:00+01:00')); // Mon 28, Tue 29, Wed 30
    expect(plan.decision.deadline.due).toBe(utc('2027-01-04T17:00:00+01:00')); // Thu 31, (Fri 1 Jan closed), Mon 4
  });

  it('routine complaints get 48 hours, high priority 24', () => {
    const at = new Date('2026-11-23T09:00:00Z');
    const routine = planIntakeDeadlines(promptearn, { category: 'general_inquiry', priority: 'low', channel: 'email', receivedAt: at });
    expect(routine.resolution.due).toBe('2026-11-25T09:00:00Z');
  });

  it('waiting for the customer pauses the resolution clock; on the answer the remaining time is recomputed', () => {
    const facts = { category: 'general_inquiry', priority: 'normal', channel: 'email' as const };
    const { state } = planClock(promptearn, facts, 'resolution', '2026-11-23T09:00:00Z'); // due Wed 09:00
    const paused = pauseClock(promptearn, state, '2026-11-23T15:00:00Z', 'waiting for the customer'); // 6 h used
    expect(paused.status).toBe('paused');
    expect(paused.due).toBeUndefined();
    expect(isBreached(paused, '2026-12-31T00:00:00Z')).toBe(false);
    const resumed = resumeClock(promptearn, paused, '2026-11-25T09:00:00Z');
    expect(resumed.deadline.due).toBe('2026-11-27T03:00:00Z'); // 42 h left
    expect(resumed.deadline.explanation.pauses).toEqual([{ from: '2026-11-23T15:00:00Z', to: '2026-11-25T09:00:00Z', reason: 'waiting for the customer' }]);
    expect(resumed.deadline.explanation.text).toMatch(/waiting for the customer from Mon 23 Nov 2026, 16:00 GMT\+1 to Wed 25 Nov 2026, 10:00 GMT\+1; 1 d 18 h of calendar time remained/);
    expect(DeadlineSchema.parse(resumed.deadline)).toEqual(resumed.deadline);
    expect(ClockStateSchema.parse(JSON.parse(JSON.stringify(resumed.state)))).toEqual(resumed.state);
  });

  it('stop records whether the promise was kept; pausing or resuming out of turn is refused', () => {
    const facts = { category: 'general_inquiry', priority: 'normal', channel: 'email' as const };
    const { state } = planClock(promptearn, facts, 'acknowledgment', '2026-11-23T09:00:00Z');
    expect(stopClock(promptearn, state, '2026-11-24T09:00:00Z').met).toBe(true);
    expect(stopClock(promptearn, state, '2026-11-24T09:00:01Z').met).toBe(false);
    expect(isBreached(state, '2026-11-24T09:00:01Z')).toBe(true);
    expect(() => resumeClock(promptearn, state, '2026-11-23T10:00:00Z')).toThrow(/only a paused clock can resume/);
    const paused = pauseClock(promptearn, state, '2026-11-23T10:00:00Z', 'waiting for the customer');
    expect(() => pauseClock(promptearn, paused, '2026-11-23T11:00:00Z', 'again')).toThrow(/only a running clock can pause/);
    expect(() => resumeClock(promptearn, paused, '2026-11-23T09:30:00Z')).toThrow(/before its pause/);
    const stopped = stopClock(promptearn, paused, '2026-11-30T00:00:00Z');
    expect(stopped.met).toBe(true); // a paused clock does not run
    expect(() => stopClock(promptearn, stopped, '2026-11-30T00:00:01Z')).toThrow(/already stopped/);
  });

  it('escalation ladder: senior representative answers within 48 hours, then the dispute team, then mediation', () => {
    const facts = { category: 'refund_request', priority: 'normal', channel: 'web' as const };
    const plan = escalationPlan(promptearn, facts, '2026-11-23T09:00:00Z');
    expect(plan.rung).toMatchObject({ slug: 'senior', role: 'senior_representative', notify: ['customer', 'supervisor'] });
    expect(plan.deadlines.map((d) => [d.clock, d.due])).toEqual([['seniorResponse', '2026-11-25T09:00:00Z']]);
    expect(nextRung(promptearn, 'senior')?.slug).toBe('dispute_team');
    const team = escalationPlan(promptearn, facts, '2026-11-25T09:00:00Z', 'dispute_team');
    expect(team.deadlines.map((d) => d.clock)).toEqual(['disputeUpdate', 'disputeDecision']);
    expect(nextRung(promptearn, 'dispute_team')?.slug).toBe('mediation');
    expect(nextRung(promptearn, 'mediation')).toBeUndefined();
    expect(() => escalationPlan(promptearn, facts, '2026-11-25T09:00:00Z', 'ceo')).toThrow(/no escalation rung "ceo"/);
  });

  it('secondsUntil feeds TimeoutSecondsPath: whole seconds, at least 1', () => {
    expect(secondsUntil('2026-11-23T10:00:00Z', '2026-11-23T09:00:00.400Z')).toBe(3600);
    expect(secondsUntil('2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')).toBe(1);
  });
});

describe('itc (seed 002): split shift 08:00–12:00 + 13:30–16:30 in Asia/Ho_Chi_Minh', () => {
  const business = { category: 'product_guidance', priority: 'normal', channel: 'web' as const };

  it('a Friday 16:29 complaint', () => {
    const intake = planIntake(itc, business, '2026-11-20T16:29:00+07:00');
    expect(intake.acknowledgment!.deadline.due).toBe(utc('2026-11-23T09:59:00+07:00')); // 1 min Friday + 119 min Monday
    expect(intake.firstResponse!.deadline.due).toBe(utc('2026-11-23T16:30:00+07:00')); // Monday is the first whole business day
    expect(intake.resolution!.deadline.due).toBe(utc('2026-11-27T16:29:00+07:00')); // maximum 7 days
    expect(intake.maxProcessing!.deadline.explanation.clause).toMatch(/Maximum 7 days/i);
    expect(intake.acknowledgment!.deadline.explanation.text).toMatch(/counted only while open/);
  });

  it('technical requests use the 24/24 working-day calendar', () => {
    const tech = { category: 'hosting_domain', priority: 'urgent', channel: 'web' as const };
    expect(planClock(itc, tech, 'acknowledgment', '2026-11-20T16:29:00+07:00').deadline.due).toBe(utc('2026-11-20T18:29:00+07:00'));
    // Friday 23:00 + 2 h: one hour Friday, the weekend is not a working day, one hour Monday.
    expect(planClock(itc, tech, 'acknowledgment', '2026-11-20T23:00:00+07:00').deadline.due).toBe(utc('2026-11-23T01:00:00+07:00'));
    // National Day, Wednesday 2 Sep 2026: closed even for technical assistance.
    expect(planClock(itc, tech, 'acknowledgment', '2026-09-01T23:00:00+07:00').deadline.due).toBe(utc('2026-09-03T01:00:00+07:00'));
  });

  it('year end: New Year Day (Thu 1 Jan 2026) is skipped by the acknowledgment', () => {
    expect(planClock(itc, business, 'acknowledgment', '2025-12-31T16:00:00+07:00').deadline.due).toBe(utc('2026-01-02T09:30:00+07:00'));
  });

  it('pausing a business-hour clock over the lunch gap loses nothing', () => {
    const { state } = planClock(itc, business, 'acknowledgment', '2026-11-23T11:00:00+07:00'); // due 13:30+60min = 14:30
    expect(state.due).toBe(utc('2026-11-23T14:30:00+07:00'));
    const paused = pauseClock(itc, state, '2026-11-23T11:30:00+07:00', 'waiting for the customer');
    const resumed = resumeClock(itc, paused, '2026-11-23T16:00:00+07:00'); // 90 min left: 30 today, 60 Tuesday
    expect(resumed.deadline.due).toBe(utc('2026-11-24T09:00:00+07:00'));
  });

  it('sequencing: the next issue of the same customer within 24 hours of the previous one', () => {
    expect(sequencingDeadline(itc, '2026-11-20T16:00:00+07:00')!.due).toBe(utc('2026-11-21T16:00:00+07:00'));
    expect(sequencingDeadline(promptearn, '2026-11-20T16:00:00Z')).toBeUndefined();
  });
});

describe('generic (seed 003) in Europe/London', () => {
  const facts = { category: 'general_inquiry', priority: 'normal', channel: 'email' as const };

  it('emails within 24 hours; live chat within 5 minutes of chat hours', () => {
    expect(planClock(generic, facts, 'firstResponse', '2026-11-23T09:00:00Z').deadline.due).toBe('2026-11-24T09:00:00Z');
    const chat = { ...facts, channel: 'chat' as const };
    expect(planClock(generic, chat, 'firstResponse', '2026-11-23T09:00:00Z').deadline.due).toBe('2026-11-23T09:05:00Z');
    expect(planClock(generic, chat, 'firstResponse', '2026-11-23T21:00:00Z').deadline.due).toBe('2026-11-24T08:05:00Z');
  });

  it('a business-day clock paused and resumed keeps its remaining open time', () => {
    const { state } = planClock(generic, facts, 'resolution', '2026-11-23T10:00:00Z');
    expect(state.due).toBe('2026-11-30T17:00:00Z'); // Tue–Mon: five whole days
    const paused = pauseClock(generic, state, '2026-11-24T12:00:00Z', 'waiting for the customer'); // 7 h + 3 h used of 47 h
    const resumed = resumeClock(generic, paused, '2026-11-26T09:00:00Z'); // 37 h left
    expect(resumed.deadline.due).toBe('2026-12-02T14:00:00Z');
  });

  it('calendar days keep the local time across the DST change', () => {
    const { deadline } = planClock(generic, facts, 'followUpClose', '2026-03-21T12:00:00Z'); // 14 days, London
    expect(deadline.due).toBe('2026-04-04T11:00:00Z'); // 12:00 BST
    expect(deadline.explanation.text).toContain('same local time in Europe/London');
  });
});

describe('ecomstore (seed 004) in America/New_York', () => {
  const email = { category: 'order_issue', priority: 'normal', channel: 'email' as const };

  it('email within 2 business hours; a Monday holiday (MLK Day) is skipped', () => {
    expect(planClock(ecomstore, email, 'firstResponse', '2026-01-16T16:30:00-05:00').deadline.due).toBe(utc('2026-01-20T10:30:00-05:00'));
  });

  it('the night the clocks change: email business hours and social calendar hours', () => {
    expect(planClock(ecomstore, email, 'firstResponse', '2026-03-06T16:00:00-05:00').deadline.due).toBe(utc('2026-03-09T10:00:00-04:00'));
    const social = { ...email, channel: 'social' as const };
    expect(planClock(ecomstore, social, 'firstResponse', '2026-03-07T23:00:00-05:00').deadline.due).toBe(utc('2026-03-08T04:00:00-04:00'));
  });

  it('live chat is 24/7: 5 minutes even on Christmas night', () => {
    const chat = { ...email, channel: 'chat' as const };
    expect(planClock(ecomstore, chat, 'firstResponse', '2026-12-25T23:58:00-05:00').deadline.due).toBe(utc('2026-12-26T00:03:00-05:00'));
  });

  it('resolution within 24 hours', () => {
    expect(planClock(ecomstore, email, 'resolution', '2026-12-31T20:00:00-05:00').deadline.due).toBe(utc('2027-01-01T20:00:00-05:00'));
  });
});

describe('Earnway (seed 000)', () => {
  it('critical issues: started within 2 hours, updates every 4 hours; routine: 48 hours', () => {
    const critical = { category: 'transaction_anomaly', priority: 'critical', channel: 'web' as const };
    expect(planClock(earnway, critical, 'firstResponse', '2026-11-21T23:00:00Z').deadline.due).toBe('2026-11-22T01:00:00Z');
    expect(nextPeriodicUpdate(earnway, critical, '2026-11-22T01:00:00Z')!.deadline.due).toBe('2026-11-22T05:00:00Z');
    const routine = { category: 'feature_guidance', priority: 'routine', channel: 'email' as const };
    expect(planClock(earnway, routine, 'firstResponse', '2026-11-21T23:00:00Z').deadline.due).toBe('2026-11-23T23:00:00Z');
    expect(planClock(earnway, routine, 'acknowledgment', '2026-11-21T23:00:00Z').deadline.due).toBe('2026-11-22T23:00:00Z');
  });

  it('a clock the policy does not run is an explicit error', () => {
    expect(() => planClock(earnway, { category: 'feedback', priority: 'routine', channel: 'web' }, 'disputeUpdate', '2026-11-21T23:00:00Z')).toThrow(
      /sets no disputeUpdate target/,
    );
  });
});
