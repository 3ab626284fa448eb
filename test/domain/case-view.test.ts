import { describe, expect, it } from 'vitest';
import { hashAccessToken } from '../../functions/domain/access-token';
import { openCase, parseComplaintRequest } from '../../functions/domain/complaint';
import { decide, liveClocks, type Action, type Actor, type LifecycleEvent } from '../../functions/domain/lifecycle';
import { formatInstant, loadPolicy, type Policy } from '../../functions/domain/policy';
import { lifecycleOf, type Case } from '../../functions/domain/case';
import { CustomerCaseViewSchema, customerView, StaffCaseViewSchema, staffView } from '../../functions/domain/case-view';

/** The two case views read the live clocks at `now` and write every instant a person reads in the case's zone. */

const ISO_DATE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const RECEIVED = new Date('2026-11-23T09:00:00Z'); // Monday 10:00 in Lagos
const agent: Actor = { role: 'agent', staffId: 'agent-1' };
const senior: Actor = { role: 'senior', staffId: 'senior-1' };
const system: Actor = { role: 'system' };

/** A case opened by intake and moved through `decide`, one step per `minutesApart` (or at the step's own time). */
function caseAfter(policy: Policy, steps: [Action, Actor, Date?][], minutesApart = 1) {
  const parsed = parseComplaintRequest(policy, {
    customer: { name: 'Ada Obi', email: 'ada@example.com' },
    category: 'product_quality',
    subject: 'Course video does not play',
    description: 'Module 3 stops after ten seconds.',
    details: { productName: 'Affiliate Masterclass' },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const opened = openCase(policy, parsed.value, { id: crypto.randomUUID(), caseSequence: 1, receivedAt: RECEIVED, accessToken: 't', accessTokenHash: hashAccessToken('t') });
  let theCase: Case = opened.theCase;
  const events: LifecycleEvent[] = [opened.firstEvent];
  for (const [i, [action, actor, when]] of steps.entries()) {
    const now = when ?? new Date(RECEIVED.getTime() + (i + 1) * minutesApart * 60_000);
    const who = actor.role === 'customer' ? { role: 'customer' as const, caseId: theCase.id } : actor;
    const d = decide(lifecycleOf(theCase), action, who, now, policy);
    if (!d.ok) throw new Error(`${action.type} refused: ${d.problem.detail}`);
    theCase = { ...theCase, lifecycle: d.state, status: d.state.status, eventSeq: d.state.eventSeq, updatedAt: d.state.updatedAt };
    events.push(...d.events);
  }
  return { theCase, events };
}

const promptearn = loadPolicy('promptearn');

describe('customerView', () => {
  it('carries the words of the conversation (replies, questions, what was done) and never an internal note', () => {
    // Prepare
    const customer: Actor = { role: 'customer', caseId: '' };
    const { theCase, events } = caseAfter(promptearn, [
      [{ type: 'acknowledge' }, system],
      [{ type: 'claim' }, agent],
      [{ type: 'note', text: 'Customer seems to be on an old app version' }, agent],
      [{ type: 'reply', message: 'Which browser do you use?' }, agent],
      [{ type: 'reply', message: 'Firefox 140 on Windows' }, customer],
      [{ type: 'requestInfo', questions: 'Please send a screenshot of the error.' }, agent],
      [{ type: 'reply', message: 'Screenshot attached.' }, customer],
      [{ type: 'resolve', summary: 'The video was re-encoded.', actionsTaken: 'Re-uploaded module 3', nextSteps: 'Clear your cache' }, agent],
    ]);
    // Act
    const view = customerView(theCase, events, promptearn, new Date('2026-11-23T10:00:00Z'));
    // Assess
    const said = view.timeline.filter((e) => e.message !== undefined).map((e) => [e.type, e.actor, e.message]);
    expect(said).toEqual([
      ['staff_replied', 'Support representative', 'Which browser do you use?'],
      ['customer_replied', 'You', 'Firefox 140 on Windows'],
      ['info_requested', 'Support representative', 'Please send a screenshot of the error.'],
      ['info_provided', 'You', 'Screenshot attached.'],
      ['resolved', 'Support representative', 'The video was re-encoded.\n\nActions taken: Re-uploaded module 3\n\nNext steps: Clear your cache'],
    ]);
    expect(CustomerCaseViewSchema.parse(view)).toEqual(view);
    expect(JSON.stringify(view)).not.toContain('old app version');
    // Staff read the note and the same words.
    const staff = staffView(theCase, events, promptearn, new Date('2026-11-23T10:00:00Z'));
    expect(staff.timeline.find((e) => e.type === 'note')?.summary).toContain('old app version');
    expect(staff.timeline.find((e) => e.type === 'staff_replied')?.message).toBe('Which browser do you use?');
  });

  it("carries the policy's branding, defaults filled in, for the case page", () => {
    const { theCase, events } = caseAfter(promptearn, []);
    const now = new Date('2026-11-23T10:00:00Z');
    expect(customerView(theCase, events, promptearn, now).branding).toEqual({ primaryColor: '#1f3a5f', onPrimaryColor: '#ffffff' });
    const branded = { ...promptearn, branding: { companyName: 'Promptearn', supportAddress: 'help@promptearn.example', primaryColor: '#0b6e4f' } };
    expect(customerView(theCase, events, branded, now).branding).toEqual({ companyName: 'Promptearn', supportAddress: 'help@promptearn.example', primaryColor: '#0b6e4f', onPrimaryColor: '#ffffff' });
  });

  it('shows the live clocks instead of the intake deadlines, and the timeline deadlines for people', () => {
    // Prepare: acknowledged (the acknowledgment event carries the first response and resolution deadlines)
    const { theCase, events } = caseAfter(promptearn, [[{ type: 'acknowledge' }, system]]);
    const now = new Date('2026-11-23T09:30:00Z');
    // Act
    const view = customerView(theCase, events, promptearn, now);
    // Assess
    expect(CustomerCaseViewSchema.parse(view)).toEqual(view);
    expect(view).not.toHaveProperty('deadlines');
    expect(view.clocks).toEqual(liveClocks(theCase.lifecycle, promptearn, now, { audience: 'customer' }));
    expect(view.clocks.find((c) => c.clock === 'acknowledgment')?.status).toBe('met');
    const ack = view.timeline.find((e) => e.type === 'acknowledged')!;
    expect(ack.deadlines.map((d) => d.clock)).toEqual(['firstResponse', 'resolution']);
    for (const d of ack.deadlines) expect(d.dueText).toBe(formatInstant(d.due, 'Africa/Lagos'));
    expect(ack.deadlines[1]!.dueText).toBe('Wednesday, 25 November 2026 at 10:00 (Lagos Time, GMT+1)');
  });

  it('after the hand-over to the Dispute Resolution Team and a late update: its clocks, and no raw instant in any sentence', () => {
    // Prepare: escalated twice, then the Dispute Resolution Team's update falls due (Thursday 26 November, 17:00 Lagos)
    const { theCase, events } = caseAfter(promptearn, [
      [{ type: 'acknowledge' }, system],
      [{ type: 'claim' }, agent],
      [{ type: 'escalate', reason: 'Needs a senior.' }, agent],
      [{ type: 'escalate', reason: 'Needs the DRT.' }, senior],
      [{ type: 'timeout', clock: 'disputeUpdate' }, system, new Date('2026-11-26T16:00:01Z')],
    ]);
    const now = new Date('2026-11-26T17:00:00Z');
    // Act
    const view = customerView(theCase, events, promptearn, now);
    // Assess
    const clocks = Object.fromEntries(view.clocks.map((c) => [c.clock, c]));
    expect(clocks.disputeUpdate).toMatchObject({ status: 'breached', due: '2026-11-26T16:00:00Z' });
    expect(clocks.disputeDecision).toMatchObject({ status: 'running', due: '2026-11-30T16:00:00Z', dueText: 'Monday, 30 November 2026 at 17:00 (Lagos Time, GMT+1)' });
    const overdue = view.timeline.find((e) => e.type === 'dispute_update_overdue')!;
    // The lifecycle wrote the decision's due instant into the sentence; the page reads it in Lagos time.
    expect(events.find((e) => e.type === 'dispute_update_overdue')!.summary).toMatch(ISO_DATE_TIME);
    expect(overdue.summary).toContain('its decision is due Monday, 30 November 2026 at 17:00 (Lagos Time, GMT+1)');
    for (const e of view.timeline) expect(e.summary).not.toMatch(ISO_DATE_TIME);
  });
});

describe('staffView', () => {
  it('lists every clock, internal timers included; the customer\'s page lists fewer', () => {
    // Prepare: the agent asked for information; the resolution clock is paused, the silence timers run
    const { theCase, events } = caseAfter(promptearn, [
      [{ type: 'acknowledge' }, system],
      [{ type: 'claim' }, agent],
      [{ type: 'requestInfo', questions: 'Which browser?' }, agent],
    ]);
    const now = new Date('2026-11-24T09:00:00Z');
    // Act
    const view = staffView(theCase, events, promptearn, now);
    // Assess
    expect(StaffCaseViewSchema.parse(view)).toEqual(view);
    expect(view).not.toHaveProperty('deadlines');
    const clocks = view.clocks.map((c) => c.clock);
    expect(clocks).toEqual(expect.arrayContaining(['silenceReminder', 'silenceClose', 'resolution']));
    expect(view.clocks.find((c) => c.clock === 'resolution')).toMatchObject({ status: 'paused', remainingText: expect.stringMatching(/ left, paused: waiting for the customer$/) });
    // The customer's page shows fewer clocks: no reminder timer.
    expect(customerView(theCase, events, promptearn, now).clocks.map((c) => c.clock)).not.toContain('silenceReminder');
  });

  it('a breach note names the due time in the calendar zone (a Vietnamese calendar)', () => {
    const itc = loadPolicy('itc');
    const category = itc.categories.find((c) => !c.details.some((d) => d.required))!.slug;
    const parsed = parseComplaintRequest(itc, { customer: { name: 'An', email: 'an@example.com' }, category, subject: 'Mail', description: 'Mail is down.', details: {} });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const opened = openCase(itc, parsed.value, { id: crypto.randomUUID(), caseSequence: 1, receivedAt: new Date('2026-12-07T02:00:00Z'), accessToken: 't', accessTokenHash: hashAccessToken('t') });
    const due = opened.theCase.lifecycle.clocks.acknowledgment!.due!;
    const d = decide(lifecycleOf(opened.theCase), { type: 'timeout', clock: 'acknowledgment' }, system, new Date(Date.parse(due) + 1000), itc);
    if (!d.ok) throw new Error(d.problem.detail);
    const theCase: Case = { ...opened.theCase, lifecycle: d.state, status: d.state.status, eventSeq: d.state.eventSeq };
    const view = staffView(theCase, [opened.firstEvent, ...d.events], itc, new Date(Date.parse(due) + 60_000));
    const breach = view.timeline.find((e) => e.type === 'breached')!;
    expect(breach.summary).toContain('(Ho Chi Minh City Time, GMT+7)');
    expect(breach.summary).not.toMatch(ISO_DATE_TIME);
    expect(view.clocks.find((c) => c.clock === 'acknowledgment')).toMatchObject({ status: 'breached', due });
  });
});
