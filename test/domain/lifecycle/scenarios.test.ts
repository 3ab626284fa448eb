import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { businessCalendar } from '../../../functions/domain/calendar';
import { actors, h, newCase, promptearn } from './helpers';
import { CaseSim } from './sim';

/**
 * Whole cases under virtual time (vitest fake timers): the simulator arms one timer per wait, as the planned state
 * machine does, and applies every clock that falls due. Times are UTC; Lagos is UTC+1 all year (no DST).
 */

const { customer, agent, senior, dispute: drt, supervisor, system } = actors;
const min = (n: number) => n * 60_000;
const day = (n: number) => n * 86_400_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  if (process.env.REPORT_TRANSITIONS) console.log(`TRANSITIONS ${CaseSim.last?.transitions} ${expect.getState().currentTestName}`);
  vi.useRealTimers();
});

function start(iso: string, opts: { policy?: ReturnType<typeof promptearn>; category?: string; priority?: string } = {}) {
  vi.setSystemTime(new Date(iso));
  const policy = opts.policy ?? promptearn();
  return new CaseSim(policy, newCase(policy, new Date(iso), opts));
}

describe('happy path (Promptearn)', () => {
  it('acknowledged, answered, resolved, accepted and rated, with every promise kept', () => {
    const sim = start('2026-11-23T09:00:00Z');
    sim.advance(min(5));
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(1));
    sim.must({ type: 'claim' }, agent);
    sim.must({ type: 'note', text: 'Customer is a vendor with 3 prior cases.' }, agent);
    sim.advance(h(1));
    sim.must({ type: 'reply', message: 'We are looking into it.' }, agent);
    sim.advance(h(18));
    sim.must({ type: 'resolve', summary: 'Re-sent the product link.', actionsTaken: 'Link regenerated', nextSteps: 'Download within 7 days' }, agent);
    sim.advance(h(2));
    sim.must({ type: 'acceptResolution' }, customer);
    sim.must({ type: 'rate', score: 5, comment: 'Fast and friendly' }, customer);

    expect(sim.state.status).toBe('closed');
    expect(sim.state.closure?.reason).toBe('accepted');
    expect(sim.state.breaches).toEqual({});
    expect(sim.state.csat?.score).toBe(5);
    expect(Object.values(sim.state.clocks).every((c) => c.status === 'stopped' && c.met !== false)).toBe(true);
    expect(sim.sent('resolution', 'customer')[0]?.vars).toMatchObject({ resolution: 'Re-sent the product link.', actionsTaken: 'Link regenerated', nextSteps: 'Download within 7 days' });
    expect(sim.sent('satisfaction_survey', 'customer')).toHaveLength(1);

    // Nothing fires later: the case is over and no timer is armed.
    sim.advance(day(30));
    expect(sim.timeline.at(-1)?.type).toBe('rated');

    // The customer's view: no internal note, no claim, no staff identity.
    const view = sim.customerTimeline();
    expect(view.map((e) => e.type)).toEqual(['acknowledged', 'staff_replied', 'resolved', 'resolution_accepted', 'rated']);
    expect(JSON.stringify(view)).not.toMatch(/agent-1|Ada|prior cases/);
    expect(view[1]?.actor).toBe('Support representative');
    // Cost: claim, note and rating never touch the workflow; 8 state transitions in all (docs/lifecycle.md).
    expect(sim.transitions).toBe(8);
    // The acknowledgment explains each deadline: clause and calendar.
    const ack = view[0]!;
    expect(ack.deadlines.map((d) => d.clock)).toEqual(['firstResponse', 'resolution']);
    expect(ack.deadlines[1]).toMatchObject({ due: '2026-11-25T09:00:00Z', explanation: { calendar: 'lagos_office', basis: 'calendar' } });
    expect(ack.deadlines[1]?.explanation.clause).toMatch(/48 hours/);
  });
});

describe('request for information: the resolution clock pauses and resumes with the time left', () => {
  it('moves the resolution and escalation deadlines by exactly the wait', () => {
    const sim = start('2026-11-23T09:00:00Z');
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(4));
    sim.must({ type: 'requestInfo', questions: 'Which order is it?' }, agent);
    const before = sim.state.clocks.resolution!;
    expect(before.status).toBe('paused');
    expect(sim.state.clocks.autoEscalation?.status).toBe('paused');
    expect(sim.customerTimeline().at(-1)?.deadlines.map((d) => d.clock)).toEqual(['silenceReminder', 'silenceClose']);

    sim.advance(h(50)); // past the original 48 h: nothing escalates, nothing breaches while paused
    expect(sim.state.status).toBe('awaiting_customer');
    expect(sim.state.breaches).toEqual({});

    sim.must({ type: 'reply', message: 'Order PE-123.' }, customer);
    expect(sim.state.status).toBe('in_progress');
    // 44 h were left at the pause; they count again from now.
    expect(sim.state.clocks.resolution).toMatchObject({ status: 'running', due: new Date(Date.now() + h(44)).toISOString().replace('.000Z', 'Z') });
    expect(sim.state.clocks.resolution?.pauses).toEqual([{ from: '2026-11-23T13:00:00Z', to: '2026-11-25T15:00:00Z', reason: 'waiting for the customer' }]);
    const resumed = sim.timeline.at(-1)!;
    expect(resumed.type).toBe('info_provided');
    expect(resumed.deadlines.find((d) => d.clock === 'resolution')?.explanation.text).toMatch(/pause/);

    sim.advance(h(43));
    sim.must({ type: 'resolve', summary: 'Refund of the duplicate charge.' }, agent);
    expect(sim.state.breaches).toEqual({});
    expect(sim.transitions).toBe(8);
  });

  it('a silent customer gets a reminder, then the case closes at the silence limit', () => {
    const sim = start('2026-11-23T09:00:00Z');
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(1));
    sim.must({ type: 'requestInfo', questions: 'Screenshot please' }, agent);
    sim.advance(day(3));
    expect(sim.sent('info_reminder', 'customer')).toHaveLength(1);
    expect(sim.state.status).toBe('awaiting_customer');
    sim.advance(day(4));
    expect(sim.state.status).toBe('closed');
    expect(sim.state.closure).toEqual({ at: '2026-11-30T10:00:00.000Z', reason: 'no_reply' });
    // Too late: the answer after the close is refused, never silently accepted.
    const late = sim.act({ type: 'reply', message: 'Sorry, here it is' }, customer);
    expect(late.ok ? 0 : late.status).toBe(410);
  });
});

describe('automatic escalation after 48 h', () => {
  it('breaches the first response, escalates to a senior with its own clock, then to the Dispute Resolution Team', () => {
    const sim = start('2026-11-23T09:00:00Z', { category: 'product_quality' });
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(24));
    expect(Object.keys(sim.state.breaches)).toEqual(['firstResponse']);
    expect(sim.sent('breach', 'supervisor')).toHaveLength(1);

    sim.advance(h(24));
    expect(sim.state.status).toBe('escalated_senior');
    expect(sim.state.rung).toBe('senior');
    expect(sim.state.escalations).toEqual([{ at: '2026-11-25T09:00:00.000Z', to: 'senior', trigger: 'automatic' }]);
    expect(sim.sent('escalated_senior').map((n) => n.to).sort()).toEqual(['customer', 'senior_team', 'supervisor']);
    expect(sim.state.clocks.seniorResponse).toMatchObject({ status: 'running', due: '2026-11-27T09:00:00Z' });
    // An agent may no longer act; a senior may.
    expect(sim.act({ type: 'reply', message: 'hi' }, agent).ok).toBe(false);

    sim.advance(h(48)); // the senior says nothing
    expect(sim.state.status).toBe('dispute_review');
    expect(sim.state.breaches.seniorResponse).toBe('2026-11-27T09:00:00.000Z');
    // Fri 27 Nov 10:00 Lagos: the day is started, so Mon 30 Nov, Tue 1 Dec, Wed 2 Dec -> update due Wed 17:00 Lagos.
    expect(sim.state.clocks.disputeUpdate?.due).toBe('2026-12-02T16:00:00Z');
    expect(sim.state.clocks.disputeDecision?.due).toBe('2026-12-04T16:00:00Z');
    expect(sim.transitions).toBe(11);
  });
});

describe('customer-requested escalation into the dispute review across a public holiday and a weekend, then mediation', () => {
  it('counts 3 and 5 business days in the Lagos calendar, breaches the late decision, and ends in mediation', () => {
    const sim = start('2026-09-28T09:00:00Z'); // Mon 28 Sep 2026, 10:00 Lagos
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(1));
    sim.must({ type: 'resolve', summary: 'Commission credited.' }, agent);
    sim.advance(h(2));
    sim.must({ type: 'dispute', reason: 'Only half of it was credited.' }, customer);
    expect(sim.state.status).toBe('escalated_senior');
    expect(sim.state.clocks.seniorResponse?.due).toBe('2026-09-30T12:00:00Z');

    sim.advanceTo('2026-09-30T08:00:00Z');
    sim.must({ type: 'resolve', summary: 'Reviewed: the other half is not owed.' }, senior);
    sim.advance(h(1));
    // Wed 30 Sep 10:00 Lagos. Thu 1 Oct is Independence Day, Sat/Sun closed: the days are Fri 2, Mon 5, Tue 6 (update)
    // and Wed 7, Thu 8 (decision), each due at the 17:00 Lagos close.
    sim.must({ type: 'dispute', reason: 'I still disagree.' }, customer);
    expect(sim.state.status).toBe('dispute_review');
    expect(sim.state.clocks.disputeUpdate?.due).toBe('2026-10-06T16:00:00Z');
    expect(sim.state.clocks.disputeDecision?.due).toBe('2026-10-08T16:00:00Z');
    const explained = sim.customerTimeline().at(-1)!.deadlines.find((d) => d.clock === 'disputeDecision')!;
    expect(explained.explanation).toMatchObject({ basis: 'business', calendar: 'lagos_office' });
    expect(explained.explanation.text).toMatch(/NG public holidays/);
    const cal = businessCalendar('lagos_office', sim.policy.calendars.lagos_office!);
    expect(cal.closedBecause(new Date('2026-10-01T12:00:00Z'))).toBe('Independence Day');

    sim.advanceTo('2026-10-05T10:00:00Z');
    sim.must({ type: 'reply', message: 'We have gathered statements from both parties.' }, drt);
    expect(sim.state.clocks.disputeUpdate).toMatchObject({ status: 'stopped', met: true });

    sim.advanceTo('2026-10-08T16:00:00Z');
    expect(sim.state.breaches.disputeDecision).toBe('2026-10-08T16:00:00.000Z');
    expect(sim.state.status).toBe('dispute_review');

    sim.advance(h(20));
    sim.must({ type: 'resolve', summary: 'Partial commission confirmed.' }, drt);
    sim.advance(h(1));
    sim.must({ type: 'dispute', reason: 'Unacceptable.' }, customer);
    expect(sim.state.status).toBe('mediation_recommended');
    expect(sim.state.closure?.reason).toBe('mediation_recommended');
    const last = sim.customerTimeline().at(-1)!;
    expect(last.summary).toMatch(/mediation/);
    expect(last.summary).toMatch(/[Ll]egal action is a last resort/);
    expect(sim.sent('mediation_recommended', 'customer')).toHaveLength(1);
    expect(sim.transitions).toBe(19);
    // Final: nothing runs, nothing more is accepted.
    expect(Object.values(sim.state.clocks).some((c) => c.status !== 'stopped')).toBe(false);
    for (const [action, actor] of [
      [{ type: 'dispute', reason: 'again' }, customer],
      [{ type: 'resolve', summary: 'x' }, drt],
    ] as const) {
      const d = sim.act(action, actor);
      expect(d.ok ? 0 : d.status).toBe(410);
    }
  });

  it('a missed update tells the customer the review goes on, with the decision date', () => {
    const sim = start('2026-09-28T09:00:00Z');
    sim.must({ type: 'acknowledge' }, system);
    sim.must({ type: 'escalate', reason: 'Complex' }, agent);
    sim.must({ type: 'escalate', reason: 'Needs the DRT' }, senior);
    // Mon 28 Sep 10:00 Lagos is a started day: Tue 29, Wed 30, (Thu 1 Oct holiday), Fri 2 -> due Fri 2 Oct 17:00 Lagos.
    const due = sim.state.clocks.disputeUpdate!.due!;
    expect(due).toBe('2026-10-02T16:00:00Z');
    sim.advanceTo('2026-10-02T15:59:00Z');
    expect(sim.state.breaches.disputeUpdate).toBeUndefined();
    sim.advance(min(1));
    expect(sim.state.breaches.disputeUpdate).toBeDefined();
    expect(sim.sent('dispute_update_overdue', 'customer')[0]?.vars.dueAt).toBe(sim.state.clocks.disputeDecision?.due);
    expect(sim.customerTimeline().at(-1)?.type).toBe('dispute_update_overdue');
  });
});

describe('critical issue (Earnway, seed 000): started within 2 h, periodic updates until resolved', () => {
  const earnway = () => loadPolicy('earnway');

  it('starts in time, then the customer hears from us at least every 4 h until the resolution', () => {
    const sim = start('2026-11-23T09:00:00Z', { policy: earnway(), category: 'system_failure' });
    expect(sim.state.critical).toBe(true);
    expect(sim.state.clocks.firstResponse?.due).toBe('2026-11-23T11:00:00Z');
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(min(90));
    sim.must({ type: 'reply', message: 'We are on it: payments are failing for some users.' }, agent);
    expect(sim.state.clocks.firstResponse).toMatchObject({ status: 'stopped', met: true });
    // The reply was an update: the next is due 4 h later, and the system sends one when the agent does not.
    expect(sim.state.clocks.periodicUpdate?.due).toBe('2026-11-23T14:30:00Z');
    sim.advance(h(4));
    expect(sim.sent('progress_update', 'customer').map((n) => n.at)).toEqual(['2026-11-23T14:30:00.000Z']);
    sim.advance(h(1));
    sim.must({ type: 'reply', message: 'A fix is being deployed.' }, agent); // 15:30, restarts the 4 h
    sim.advance(h(8));
    expect(sim.sent('progress_update', 'customer').map((n) => n.at)).toEqual(['2026-11-23T14:30:00.000Z', '2026-11-23T19:30:00.000Z', '2026-11-23T23:30:00.000Z']);
    sim.must({ type: 'resolve', summary: 'Fixed in release 4.2.1.' }, agent);
    sim.advance(h(12));
    // No more updates once resolved.
    expect(sim.sent('progress_update', 'customer')).toHaveLength(3);
    expect(sim.state.breaches).toEqual({});
    expect(sim.transitions).toBe(17);
  });

  it('a critical issue not started within 2 h is a breach reported to the supervisor', () => {
    const sim = start('2026-11-23T09:00:00Z', { policy: earnway(), category: 'transaction_anomaly' });
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(2));
    expect(sim.state.breaches.firstResponse).toBe('2026-11-23T11:00:00.000Z');
    expect(sim.timeline.find((e) => e.type === 'breached')?.summary).toMatch(/critical issue/);
    expect(sim.sent('breach', 'supervisor')[0]?.vars.clock).toBe('firstResponse');
  });
});

describe('maximum processing time (itc, seed 002: 7 days)', () => {
  it('raises a breach to the supervisor when a case is still open after 7 days', () => {
    const itc = loadPolicy('itc');
    const category = itc.categories[0]!.slug;
    const sim = start('2026-11-23T02:00:00Z', { policy: itc, category });
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(2));
    sim.must({ type: 'claim' }, agent);
    sim.must({ type: 'reply', message: 'Dear customers, we are checking.' }, agent);
    sim.advance(day(7));
    expect(sim.state.breaches.maxProcessing).toBe('2026-11-30T02:00:00.000Z');
    expect(sim.sent('breach', 'supervisor').map((n) => n.vars.clock)).toContain('maxProcessing');
  });
});

describe('late and repeated actions get 409/410 and change nothing', () => {
  it('refuses repeats, out-of-turn and late actions along a case', () => {
    const sim = start('2026-11-23T09:00:00Z');
    const status = (action: unknown, actor: Parameters<CaseSim['act']>[1]) => {
      const before = structuredClone(sim.state);
      const d = sim.act(action, actor);
      if (!d.ok) expect(sim.state).toEqual(before);
      return d.ok ? 'ok' : d.status;
    };
    expect(status({ type: 'claim' }, agent)).toBe(409); // before the acknowledgment
    expect(status({ type: 'acknowledge' }, system)).toBe('ok');
    expect(status({ type: 'acknowledge' }, system)).toBe(409); // repeated (a retried task)
    expect(status({ type: 'timeout', clock: 'firstResponse' }, system)).toBe(409); // early timer
    sim.advance(h(1));
    expect(status({ type: 'requestInfo', questions: 'Which one?' }, agent)).toBe('ok');
    expect(status({ type: 'requestInfo', questions: 'Which one?' }, agent)).toBe(409); // repeated
    expect(status({ type: 'resolve', summary: 'x' }, agent)).toBe(409); // out of turn: waiting for the customer
    expect(status({ type: 'timeout', clock: 'resolution' }, system)).toBe(409); // paused clock
    expect(status({ type: 'reply', message: 'This one.' }, customer)).toBe('ok');
    expect(status({ type: 'resolve', summary: 'Done.' }, agent)).toBe('ok');
    expect(status({ type: 'resolve', summary: 'Done.' }, agent)).toBe(409); // repeated
    expect(status({ type: 'timeout', clock: 'resolution' }, system)).toBe(410); // stale timer of a stopped clock
    expect(status({ type: 'rate', score: 3 }, customer)).toBe('ok');
    expect(status({ type: 'rate', score: 4 }, customer)).toBe(409); // rated once
    sim.advance(day(8)); // the follow-up closes the case
    expect(sim.state.closure?.reason).toBe('follow_up_elapsed');
    expect(sim.sent('satisfaction_survey', 'customer')).toHaveLength(1);
    expect(status({ type: 'acceptResolution' }, customer)).toBe(410); // late
    expect(status({ type: 'dispute', reason: 'late' }, customer)).toBe(410); // late
    expect(status({ type: 'reply', message: 'late' }, agent)).toBe(410);
    expect(status({ type: 'timeout', clock: 'followUpClose' }, system)).toBe(410); // delivered twice
  });

  it('keeps the supervisor able to close an open case, and then nothing reopens it', () => {
    const sim = start('2026-11-23T09:00:00Z');
    sim.must({ type: 'acknowledge' }, system);
    sim.must({ type: 'close', reason: 'Duplicate of PE-2026-000001' }, supervisor);
    expect(sim.state.status).toBe('closed');
    expect(sim.act({ type: 'dispute', reason: 'no' }, customer).ok).toBe(false);
    sim.advance(day(60));
    expect(sim.state.status).toBe('closed');
  });
});

describe('business clocks across a DST change and split shifts', () => {
  it('ecomstore (New York): a paused 4-business-hour senior clock resumes after the night clocks go back', () => {
    const ecom = loadPolicy('ecomstore');
    expect(ecom.defaultCalendar).toBe('us_business');
    const sim = start('2026-10-29T19:00:00Z', { policy: ecom, category: 'order_issue' }); // Thu 15:00 EDT
    sim.must({ type: 'acknowledge' }, system);
    sim.advance(h(24)); // nobody answered: auto-escalation (24 h) to the supervisor rung, Fri 30 Oct 15:00 EDT
    expect(sim.state.status).toBe('escalated_senior');
    expect(sim.state.rung).toBe('supervisor');
    // 4 business hours: Fri 15:00–17:00 EDT, then Mon 2 Nov 09:00–11:00 EST (UTC-5 after the change on Sun 1 Nov).
    expect(sim.state.clocks.seniorResponse?.due).toBe('2026-11-02T16:00:00Z');
    sim.advance(h(1)); // Fri 16:00 EDT: 3 business hours left
    sim.must({ type: 'requestInfo', questions: 'Tracking number?' }, supervisor);
    expect(sim.state.clocks.seniorResponse?.status).toBe('paused');
    sim.advanceTo('2026-10-31T15:00:00Z'); // Saturday
    sim.must({ type: 'reply', message: '1Z999' }, customer);
    expect(sim.state.status).toBe('escalated_senior');
    // Resumed on Saturday with 3 business hours: Mon 09:00–12:00 EST.
    expect(sim.state.clocks.seniorResponse?.due).toBe('2026-11-02T17:00:00Z');
    sim.advanceTo('2026-11-02T16:59:00Z');
    expect(sim.state.breaches.seniorResponse).toBeUndefined();
    sim.advance(min(1));
    expect(sim.state.breaches.seniorResponse).toBe('2026-11-02T17:00:00.000Z');
  });

  it('itc (Ho Chi Minh City, 08:00–12:00 + 13:30–16:30): acknowledgment and silence clocks skip the weekend and the lunch gap', () => {
    const itc = loadPolicy('itc');
    const sim = start('2026-11-20T09:00:00Z', { policy: itc, category: 'product_guidance' }); // Fri 16:00 ICT
    // 2 business hours: Fri 16:00–16:30, then Mon 23 Nov 08:00–09:30 ICT.
    expect(sim.state.clocks.acknowledgment?.due).toBe('2026-11-23T02:30:00Z');
    sim.advanceTo('2026-11-23T02:30:00Z');
    expect(sim.state.breaches.acknowledgment).toBe('2026-11-23T02:30:00.000Z');
    sim.must({ type: 'acknowledge' }, system); // late, but the case goes on
    sim.advanceTo('2026-11-23T04:00:00Z'); // Mon 11:00 ICT
    sim.must({ type: 'requestInfo', questions: 'Which product?' }, agent);
    // Whole business days from Monday 11:00: Tue and Wed (reminder), Tue..Mon (close), each at the 16:30 close.
    expect(sim.state.clocks.silenceReminder?.due).toBe('2026-11-25T09:30:00Z');
    expect(sim.state.clocks.silenceClose?.due).toBe('2026-11-30T09:30:00Z');
    sim.advanceTo('2026-11-25T09:30:00Z');
    expect(sim.sent('info_reminder', 'customer')).toHaveLength(1);
    sim.advanceTo('2026-11-30T09:30:00Z');
    expect(sim.state.closure?.reason).toBe('no_reply');
  });
});
