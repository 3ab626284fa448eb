import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import type { CaseStart, LifecycleState } from '../../../functions/domain/lifecycle';
import { actors, at, newCase, ok, plus } from './helpers';

/**
 * The policy's escalation triggers through `startLifecycle` and `decide`: matched at intake (category, flags, words,
 * amounts) and applied by the acknowledgment, or matched later from the customer's own words and applied at once.
 */

const ecomstore = loadPolicy('ecomstore');
const T0 = at('2026-11-23T15:00:00Z'); // Monday 10:00 in New York
const ACK = plus(T0, 60_000);

/** A received ecomstore case, acknowledged by the workflow. */
function acknowledged(start: Partial<CaseStart>) {
  const received = newCase(ecomstore, T0, { subject: 'Problem with my order', description: 'It did not arrive.', ...start });
  return { received, ack: ok(ecomstore, received, { type: 'acknowledge' }, actors.system, ACK) };
}
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

describe('escalation triggers matched at intake (ecomstore)', () => {
  it('a billing dispute of USD 100.01 goes to a supervisor at the acknowledgment, with the rung clock and its notifications', () => {
    // Prepare
    const { received, ack } = acknowledged({ category: 'billing_payment', details: { disputedAmount: usd(10_001) } });
    // Assess: recorded at intake, applied by the acknowledgment
    expect(received.status).toBe('received');
    expect(received.triggers).toEqual([{ slug: 'billing_dispute_over_100', rung: 'supervisor', clause: '10. When to escalate: billing disputes over $100', matchedAt: T0.toISOString(), source: 'intake' }]);
    expect(ack.state).toMatchObject({ status: 'escalated_senior', level: 1, rung: 'supervisor' });
    expect(ack.state.triggers[0]!.appliedAt).toBe(ACK.toISOString());
    expect(ack.state.escalations).toEqual([{ at: ACK.toISOString(), to: 'supervisor', trigger: 'trigger', rule: 'billing_dispute_over_100' }]);
    expect(ack.events.map((e) => e.type)).toEqual(['acknowledged', 'escalated_senior']);
    expect(ack.events[1]!.clause).toBe('10. When to escalate: billing disputes over $100');
    expect(ack.state.clocks.seniorResponse).toMatchObject({ status: 'running' });
    expect(ack.state.clocks.firstResponse).toMatchObject({ status: 'stopped' });
    expect(ack.notifications.map((n) => [n.to, n.template])).toEqual([
      ['customer', 'escalated_senior'],
      ['supervisor', 'escalated_senior'],
      ['senior_team', 'escalated_senior'],
    ]);
    expect(ack.notifications[0]!.vars).toMatchObject({ rung: 'a supervisor', trigger: 'trigger', seniorResponseDue: ack.state.clocks.seniorResponse!.due });
    expect(ack.signal).toMatchObject({ completes: 'acknowledge', next: 'seniorReview', timer: { clock: 'seniorResponse' } });
  });

  it.each([
    ['exactly USD 100.00 (the threshold is strictly over)', usd(10_000)],
    ['EUR 500.00 (another currency is never compared)', { amountMinor: 50_000, currency: 'EUR' }],
  ])('a billing dispute of %s stays on the front line', (_, disputedAmount) => {
    const { received, ack } = acknowledged({ category: 'billing_payment', details: { disputedAmount } });
    expect(received.triggers).toEqual([]);
    expect(ack.state).toMatchObject({ status: 'acknowledged', level: 0, escalations: [] });
  });

  it('a complaint saying "my lawyer will take legal action" goes to a supervisor', () => {
    const { ack } = acknowledged({ category: 'order_issue', description: 'Refund me or my lawyer will take legal action.' });
    expect(ack.state.triggers.map((t) => t.slug)).toEqual(['legal_keywords']);
    expect(ack.state).toMatchObject({ status: 'escalated_senior', rung: 'supervisor' });
  });

  it('a word that only contains a keyword ("issue" has no "sue") does not trigger', () => {
    const { ack } = acknowledged({ category: 'order_issue', subject: 'Tissue box issue', description: 'Pursue the delivery please.' });
    expect(ack.state.triggers).toEqual([]);
    expect(ack.state.level).toBe(0);
  });

  it('a security incident (category flag) goes straight to management, skipping the supervisor rung', () => {
    const { ack } = acknowledged({ category: 'security_incident', description: 'Someone logged into my account.' });
    expect(ack.state).toMatchObject({ status: 'escalated_senior', level: 2, rung: 'management' });
    expect(ack.state.escalations.map((e) => e.rule)).toEqual(['security_incident']);
  });

  it('several matched triggers take the case to the highest of their rungs, once, and all are recorded as applied', () => {
    const { ack } = acknowledged({ category: 'security_incident', description: 'I will call my lawyer.' });
    expect(ack.state.triggers.map((t) => t.slug).sort()).toEqual(['legal_keywords', 'security_incident']);
    expect(ack.state.triggers.every((t) => t.appliedAt === ACK.toISOString())).toBe(true);
    expect(ack.state.escalations).toHaveLength(1);
    expect(ack.state.rung).toBe('management');
  });
});

describe('escalation triggers matched by later facts', () => {
  const reply = (s: LifecycleState, message: string, when: Date) => ok(ecomstore, s, { type: 'reply', message }, actors.customer, when);

  it('a customer message with threatening words takes a front-line case to a supervisor at once; the same words again change nothing', () => {
    // Prepare
    const { ack } = acknowledged({ category: 'order_issue' });
    const claimed = ok(ecomstore, ack.state, { type: 'claim' }, actors.agent, plus(ACK, 60_000)).state;
    // Act
    const angry = reply(claimed, 'This is abuse. I threaten to post everywhere.', plus(ACK, 120_000));
    const again = reply(angry.state, 'More abuse from you.', plus(ACK, 180_000));
    // Assess
    expect(angry.state).toMatchObject({ status: 'escalated_senior', rung: 'supervisor', assignee: undefined });
    expect(angry.state.triggers).toMatchObject([{ slug: 'threats_abuse', source: 'customer_message', appliedAt: plus(ACK, 120_000).toISOString() }]);
    expect(angry.events.map((e) => e.type)).toEqual(['customer_replied', 'escalated_senior']);
    expect(angry.notifications.map((n) => n.template)).toContain('escalated_senior');
    expect(angry.signal).toMatchObject({ next: 'seniorReview' });
    expect(again.state.escalations).toHaveLength(1);
    expect(again.events.map((e) => e.type)).toEqual(['customer_replied']);
  });

  it('a customer message before the acknowledgment is matched then and applied by the acknowledgment', () => {
    const received = newCase(ecomstore, T0, { category: 'order_issue', subject: 'Late order', description: 'Where is it?' });
    const early = reply(received, 'I am calling my attorney.', plus(T0, 30_000));
    expect(early.state).toMatchObject({ status: 'received', level: 0 });
    expect(early.state.triggers).toMatchObject([{ slug: 'legal_keywords', source: 'customer_message' }]);
    expect(early.state.triggers[0]!.appliedAt).toBeUndefined();
    const ack = ok(ecomstore, early.state, { type: 'acknowledge' }, actors.system, ACK);
    expect(ack.state).toMatchObject({ status: 'escalated_senior', rung: 'supervisor' });
  });

  it('an answer to an information request resumes the clocks and then climbs', () => {
    const { ack } = acknowledged({ category: 'order_issue' });
    const asked = ok(ecomstore, ack.state, { type: 'requestInfo', questions: 'Order number?' }, actors.agent, plus(ACK, 60_000)).state;
    const answered = reply(asked, 'ES-1. Next time it goes to court.', plus(ACK, 120_000));
    expect(answered.events.map((e) => e.type)).toEqual(['info_provided', 'escalated_senior']);
    expect(answered.state.status).toBe('escalated_senior');
    expect(Object.values(answered.state.clocks).some((c) => c.status === 'paused')).toBe(false);
  });

  it('a category or amount trigger is never matched by a message (those facts were settled at intake)', () => {
    const { ack } = acknowledged({ category: 'billing_payment', details: { disputedAmount: usd(5_000) } });
    const m = reply(ack.state, 'The amount is now 500 dollars.', plus(ACK, 60_000));
    expect(m.state.triggers).toEqual([]);
    expect(m.state.level).toBe(0);
  });
});

describe('escalation triggers of the other presets', () => {
  it('itc: a dispute (category flag) goes to the Customer Room at the acknowledgment', () => {
    const itc = loadPolicy('itc');
    const s = newCase(itc, T0, { category: 'dispute_satisfaction' });
    const ack = ok(itc, s, { type: 'acknowledge' }, actors.system, ACK);
    expect(ack.state).toMatchObject({ status: 'escalated_senior', rung: 'customer_room' });
  });

  it('earnway: a complaint about staff conduct goes to the support supervisor', () => {
    const earnway = loadPolicy('earnway');
    const s = newCase(earnway, T0, { category: 'staff_conduct' });
    const ack = ok(earnway, s, { type: 'acknowledge' }, actors.system, ACK);
    expect(ack.state).toMatchObject({ status: 'escalated_senior', rung: 'supervisor' });
  });

  it('promptearn has no triggers: an angry message changes nothing', () => {
    const promptearn = loadPolicy('promptearn');
    const ack = ok(promptearn, newCase(promptearn, T0), { type: 'acknowledge' }, actors.system, ACK);
    const m = ok(promptearn, ack.state, { type: 'reply', message: 'My lawyer will sue you.' }, actors.customer, plus(ACK, 60_000));
    expect(m.state).toMatchObject({ level: 0, triggers: [] });
  });
});
