import { describe, expect, it } from 'vitest';
import { LiveClockSchema, liveClocks, type LifecycleState, type LiveClock } from '../../../functions/domain/lifecycle';
import { describeCalendar } from '../../../functions/domain/lifecycle/live-clocks';
import { calendarOf, listPresets, loadPolicy, type Policy } from '../../../functions/domain/policy';
import { actors, at, caseIn, h, newCase, ok, plus, promptearn } from './helpers';

/**
 * The live clocks of a case, as both case pages show them, driven through `decide` (the same transitions the API
 * and the workflow apply): a pause shows the time left, an escalation its own clocks, a breach when.
 */

const policy = promptearn();
const T0 = at('2026-11-23T09:00:00Z'); // Monday 10:00 in Lagos (UTC+1, no DST)
const min = (n: number) => plus(T0, n * 60_000);

const byClock = (clocks: LiveClock[]) => Object.fromEntries(clocks.map((c) => [c.clock, c]));
const staff = (s: LifecycleState, now: Date, p: Policy = policy) => byClock(liveClocks(s, p, now));
const customer = (s: LifecycleState, now: Date, p: Policy = policy) => byClock(liveClocks(s, p, now, { audience: 'customer' }));

describe('liveClocks: a case just received', () => {
  it('every intake clock runs, due as the lifecycle computed it, with the due time for people and the clause', () => {
    // Prepare
    const s = newCase(policy, T0);
    // Act
    const clocks = liveClocks(s, policy, min(5));
    // Assess
    for (const c of clocks) expect(LiveClockSchema.parse(c)).toEqual(c);
    const ack = byClock(clocks).acknowledgment!;
    expect(ack).toMatchObject({ status: 'running', label: 'Acknowledgment', due: s.clocks.acknowledgment!.due, clause: s.clocks.acknowledgment!.clause });
    expect(Date.parse(ack.due!)).toBe(T0.getTime() + h(24));
    expect(ack.dueText).toBe('Tuesday, 24 November 2026 at 10:00 (Lagos Time, GMT+1)');
    expect(ack.explanation).toContain(s.clocks.acknowledgment!.clause);
    expect(clocks.map((c) => c.clock)).toEqual(['acknowledgment', 'firstResponse', 'resolution', 'autoEscalation']);
  });
});

describe('liveClocks: met, paused and resumed', () => {
  const acknowledged = ok(policy, newCase(policy, T0), { type: 'acknowledge' }, actors.system, min(1)).state;
  const claimed = ok(policy, acknowledged, { type: 'claim' }, actors.agent, min(2)).state;
  const waiting = ok(policy, claimed, { type: 'requestInfo', questions: 'Which order?' }, actors.agent, plus(T0, h(3))).state;

  it('the acknowledgment is met, and says when', () => {
    const ack = staff(acknowledged, min(1)).acknowledgment!;
    expect(ack).toMatchObject({ status: 'met', at: s(min(1)) });
    expect(ack.atText).toBe('Monday, 23 November 2026 at 10:01 (Lagos Time, GMT+1)');
    expect(ack.due).toBeUndefined();
  });

  it('waiting for the customer: the resolution clock shows the time that was left, not the intake due date', () => {
    // The resolution is promised within 48 calendar hours; 3 had passed when the agent asked for information.
    expect(waiting.clocks.resolution).toMatchObject({ amount: 48, unit: 'hours', basis: 'calendar' });
    // Act: read a day later; a paused clock does not run down
    const forCustomer = customer(waiting, plus(T0, h(27)));
    const forStaff = staff(waiting, plus(T0, h(27)));
    // Assess
    expect(forCustomer.resolution).toMatchObject({ status: 'paused', remainingSeconds: 45 * 3600, remainingText: '1 day 21 hours left, paused while we wait for you' });
    expect(forCustomer.resolution!.due).toBeUndefined();
    expect(forStaff.resolution!.remainingText).toBe('1 day 21 hours left, paused: waiting for the customer');
    expect(forStaff.resolution!.explanation).toMatch(/Paused since Monday, 23 November 2026 at 13:00 \(Lagos Time, GMT\+1\) \(waiting for the customer\): 1 day 21 hours of calendar time left/);
    // Asking for information is the first response: kept.
    expect(forCustomer.firstResponse).toMatchObject({ status: 'met', at: s(plus(T0, h(3))) });
    // The customer is told by when the case closes without an answer; the reminder timer is staff bookkeeping.
    expect(forCustomer.silenceClose).toMatchObject({ status: 'running', due: waiting.clocks.silenceClose!.due });
    expect(forCustomer.silenceReminder).toBeUndefined();
    expect(forStaff.silenceReminder).toMatchObject({ status: 'running' });
  });

  it('the answer resumes the clock: due again, the 45 hours left counted from the answer', () => {
    const resumed = ok(policy, waiting, { type: 'reply', message: 'Order 42.' }, actors.customer, plus(T0, h(5))).state;
    const clocks = customer(resumed, plus(T0, h(5)));
    expect(clocks.resolution).toMatchObject({ status: 'running' });
    expect(Date.parse(clocks.resolution!.due!)).toBe(T0.getTime() + h(5) + h(45));
    // The closing timer stopped with the answer: no longer the customer's concern, still on the staff page.
    expect(clocks.silenceClose).toBeUndefined();
    expect(staff(resumed, plus(T0, h(5))).silenceClose).toMatchObject({ status: 'stopped', at: s(plus(T0, h(5))) });
  });
});

describe('liveClocks: escalation and the Dispute Resolution Team', () => {
  it('after an escalation to the senior rung the senior review answer runs; front-line clocks are superseded, not met', () => {
    const senior = caseIn(policy, 'escalated_senior', T0); // escalated at T0 + 3 min
    const clocks = customer(senior, min(10));
    expect(clocks.seniorResponse).toMatchObject({ status: 'running', label: 'Senior review answer' });
    expect(Date.parse(clocks.seniorResponse!.due!)).toBe(min(3).getTime() + h(48));
    expect(clocks.seniorResponse!.dueText).toBe('Wednesday, 25 November 2026 at 10:03 (Lagos Time, GMT+1)');
    expect(clocks.resolution).toMatchObject({ status: 'stopped', at: s(min(3)) });
    expect(clocks.firstResponse!.status).toBe('stopped');
  });

  it('after the hand-over to the Dispute Resolution Team: its update in 3 and decision in 5 business days, on Lagos office hours', () => {
    const drt = caseIn(policy, 'dispute_review', T0); // handed over Monday 10:04 Lagos, after the office opened
    const clocks = customer(drt, min(10));
    // Whole business days from Tuesday: the update at Thursday's close, the decision at the next Monday's close.
    expect(clocks.disputeUpdate).toMatchObject({ status: 'running', label: 'Dispute Resolution Team update', due: '2026-11-26T16:00:00Z' });
    expect(clocks.disputeUpdate!.dueText).toBe('Thursday, 26 November 2026 at 17:00 (Lagos Time, GMT+1)');
    expect(clocks.disputeDecision).toMatchObject({ status: 'running', label: 'Dispute Resolution Team decision', due: '2026-11-30T16:00:00Z' });
    expect(clocks.disputeUpdate!.explanation).toBe(
      'Due Thursday, 26 November 2026 at 17:00 (Lagos Time, GMT+1): 3 business days on the business calendar lagos_office (Africa/Lagos: Mon–Fri 09:00–17:00, closed on NG public holidays) ' +
        '(whole open days starting at or after the start; due at the close of the last one), from Monday, 23 November 2026 at 10:04 (Lagos Time, GMT+1). ' +
        `As the policy promises ("${drt.clocks.disputeUpdate!.clause}").`,
    );
    expect(clocks.seniorResponse!.status).toBe('stopped');
  });
});

describe('liveClocks: broken promises', () => {
  it('a breach the workflow recorded shows when it was due and when it was recorded', () => {
    const senior = caseIn(policy, 'escalated_senior', T0);
    const due = senior.clocks.seniorResponse!.due!;
    const late = plus(new Date(due), 1000);
    const after = ok(policy, senior, { type: 'timeout', clock: 'seniorResponse' }, actors.system, late).state;
    const clock = customer(after, late).seniorResponse!;
    expect(clock).toMatchObject({ status: 'breached', due, at: after.breaches.seniorResponse });
    expect(Date.parse(clock.at!)).toBe(late.getTime());
    expect(clock.atText).toBe('Wednesday, 25 November 2026 at 10:03 (Lagos Time, GMT+1)');
    // The timeout took the case to the Dispute Resolution Team, whose clocks now run.
    expect(customer(after, late).disputeUpdate!.status).toBe('running');
  });

  it('a running clock past its due time is already broken, before the workflow records it', () => {
    const s0 = caseIn(policy, 'in_progress', T0);
    const clocks = customer(s0, plus(T0, h(49)));
    expect(clocks.resolution).toMatchObject({ status: 'breached', due: s0.clocks.resolution!.due, at: s0.clocks.resolution!.due });
    // A timer past due is about to fire; it is not a promise, so it is not "breached".
    expect(clocks.autoEscalation!.status).toBe('running');
  });

  it('a promise kept late is a breach: resolved after the 48 hours', () => {
    const s0 = caseIn(policy, 'in_progress', T0);
    const resolved = ok(policy, s0, { type: 'resolve', summary: 'Fixed.' }, actors.agent, plus(T0, h(50))).state;
    const clocks = staff(resolved, plus(T0, h(50)));
    expect(clocks.resolution).toMatchObject({ status: 'breached', due: s0.clocks.resolution!.due });
    // The survey timer started by the resolution is the staff's; the customer does not see it.
    expect(clocks.followUp!.status).toBe('running');
    expect(customer(resolved, plus(T0, h(50))).followUp).toBeUndefined();
  });
});

describe('liveClocks: calendars and time zones', () => {
  const generic = loadPolicy('generic');
  const first = generic.categories.find((c) => c.defaultPriority === 'normal')!.slug;

  it('DST change week in London: a due time before the change reads GMT+1, one after it GMT+0', () => {
    // Thursday 22 October 2026, 15:00 BST; British Summer Time ends Sunday 25 October.
    const s0 = newCase(generic, at('2026-10-22T14:00:00Z'), { category: first });
    expect(s0.clocks.resolution).toMatchObject({ amount: 5, unit: 'days', basis: 'business' });
    const clocks = customer(s0, at('2026-10-22T14:05:00Z'), generic);
    expect(clocks.firstResponse!.dueText).toBe('Friday, 23 October 2026 at 15:00 (London Time, GMT+1)');
    // Five whole business days from Friday: Fri, Mon, Tue, Wed, Thu; due at Thursday's close, now on GMT.
    expect(clocks.resolution!.due).toBe('2026-10-29T17:00:00Z');
    expect(clocks.resolution!.dueText).toBe('Thursday, 29 October 2026 at 17:00 (London Time, GMT+0)');
  });

  it('a paused business-time clock counts what is left in business hours', () => {
    const received = at('2026-11-23T09:00:00Z'); // Monday 09:00 in London, as the office opens
    let s0 = newCase(generic, received, { category: first });
    s0 = ok(generic, s0, { type: 'acknowledge' }, actors.system, plus(received, 60_000)).state;
    s0 = ok(generic, s0, { type: 'claim' }, actors.agent, plus(received, 120_000)).state;
    s0 = ok(generic, s0, { type: 'requestInfo', questions: 'Which invoice?' }, actors.agent, plus(received, h(4))).state;
    // 5 business days of 8 open hours is 40; 4 were used by 13:00.
    const clock = customer(s0, plus(received, h(30)), generic).resolution!;
    expect(clock).toMatchObject({ status: 'paused', remainingSeconds: 36 * 3600, remainingText: '36 business hours left, paused while we wait for you' });
  });

  it('a Vietnamese calendar: due times in Ho Chi Minh City time, in Vietnamese when asked', () => {
    const itc = loadPolicy('itc');
    const category = itc.categories.find((c) => !c.department.includes('technical'))!.slug;
    const s0 = newCase(itc, at('2026-12-07T02:00:00Z'), { category }); // Monday 09:00 in Ho Chi Minh City
    const ackDue = s0.clocks.acknowledgment!.due!;
    // 2 business hours on 08:00–12:00 + 13:30–16:30: 11:00 the same morning.
    expect(ackDue).toBe('2026-12-07T04:00:00Z');
    expect(customer(s0, at('2026-12-07T02:05:00Z'), itc).acknowledgment!.dueText).toBe('Monday, 7 December 2026 at 11:00 (Ho Chi Minh City Time, GMT+7)');
    const vi = byClock(liveClocks(s0, itc, at('2026-12-07T02:05:00Z'), { audience: 'customer', language: 'vi' }));
    expect(vi.acknowledgment!.dueText).toBe('lúc 11:00 Thứ Hai, 7 tháng 12, 2026 (Giờ TP Hồ Chí Minh, GMT+7)');
  });
});

describe('explanations', () => {
  it.each(listPresets())('%s: every calendar is described in the words the deadline explanations use', (name) => {
    const p = loadPolicy(name);
    for (const [calendar, spec] of Object.entries(p.calendars)) expect(describeCalendar(calendar, spec)).toBe(calendarOf(p, calendar).describe());
  });
});

/** An instant as the SLA clocks write it (whole seconds without the milliseconds). */
function s(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}
