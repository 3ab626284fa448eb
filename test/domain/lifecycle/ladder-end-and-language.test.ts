import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, listPresets, loadPolicy, renderMessage } from '../../../functions/domain/policy';
import { decide, type LifecycleState } from '../../../functions/domain/lifecycle';
import { actors, at, newCase, ok, plus } from './helpers';

/**
 * The end of the ladder says what the policy says: external mediation only where the policy has a mediation rung
 * (promptearn), otherwise the last internal decision is final. No preset states a reopen window, so no message
 * promises one and a reply to a closed case is a clear 410. Customer messages use the customer's language where the
 * policy has templates in it.
 */

const T0 = at('2026-11-23T15:00:00Z');
const t = (min: number) => plus(T0, min * 60_000);

describe('the top of the ladder without mediation', () => {
  it('ecomstore: a customer disputing the resolution by management gets a final decision, never a mediation', () => {
    // Prepare: a security incident goes to management (the top rung), which resolves it
    const ecomstore = loadPolicy('ecomstore');
    let s = newCase(ecomstore, T0, { category: 'security_incident', description: 'Unknown login.' });
    s = ok(ecomstore, s, { type: 'acknowledge' }, actors.system, t(1)).state;
    s = ok(ecomstore, s, { type: 'resolve', summary: 'Password reset, sessions revoked.' }, actors.supervisor, t(30)).state;
    // Act
    const d = ok(ecomstore, s, { type: 'dispute', reason: 'Not enough.' }, actors.customer, t(60));
    // Assess
    expect(d.state).toMatchObject({ status: 'closed', closure: { reason: 'final_decision' } });
    expect(d.notifications.map((n) => [n.to, n.template])).toEqual([['customer', 'final_decision']]);
    expect(d.events.at(-1)!.summary).toBe('Our internal review of your case is complete: the decision of management on call is final under our complaint policy.');
    expect(JSON.stringify(d)).not.toMatch(/mediation/i);
  });

  it('itc: the Customer Room decides last; staff cannot escalate past it nor recommend mediation', () => {
    const itc = loadPolicy('itc');
    let s = newCase(itc, T0, { category: 'dispute_satisfaction' });
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, t(1)).state;
    expect(s.rung).toBe('customer_room');
    const escalate = decide(s, { type: 'escalate', reason: 'Higher?' }, actors.supervisor, t(2), itc);
    expect(escalate).toMatchObject({ ok: false, status: 409 });
    expect(!escalate.ok && escalate.problem.detail).toMatch(/final/);
    expect(decide(s, { type: 'recommendMediation', reason: 'Deadlock' }, actors.supervisor, t(2), itc)).toMatchObject({ ok: false, status: 409 });
    s = ok(itc, s, { type: 'resolve', summary: 'Credit note issued.' }, actors.senior, t(3)).state;
    const d = ok(itc, s, { type: 'dispute', reason: 'Still unhappy.' }, actors.customer, t(4));
    expect(d.state.closure?.reason).toBe('final_decision');
  });

  it('promptearn keeps its mediation rung: the same dispute at the Dispute Resolution Team ends in mediation', () => {
    const promptearn = loadPolicy('promptearn');
    let s = newCase(promptearn, T0);
    s = ok(promptearn, s, { type: 'acknowledge' }, actors.system, t(1)).state;
    s = ok(promptearn, s, { type: 'escalate', reason: 'x' }, actors.agent, t(2)).state;
    s = ok(promptearn, s, { type: 'escalate', reason: 'y' }, actors.senior, t(3)).state;
    s = ok(promptearn, s, { type: 'resolve', summary: 'Partial refund.' }, actors.dispute, t(4)).state;
    expect(ok(promptearn, s, { type: 'dispute', reason: 'No.' }, actors.customer, t(5)).state.status).toBe('mediation_recommended');
  });
});

describe('no reopen promise', () => {
  it('no preset and no default template promises that a reply reopens a case', () => {
    const texts = [JSON.stringify(DEFAULT_TEMPLATES), ...listPresets().map((p) => JSON.stringify(loadPolicy(p)))];
    for (const text of texts) expect(text).not.toMatch(/reopen/i);
  });

  it('a customer reply to a closed case is a 410 that says what to do instead', () => {
    const promptearn = loadPolicy('promptearn');
    let s: LifecycleState = ok(promptearn, newCase(promptearn, T0), { type: 'acknowledge' }, actors.system, t(1)).state;
    s = ok(promptearn, s, { type: 'close', reason: 'Duplicate.' }, actors.supervisor, t(2)).state;
    const d = decide(s, { type: 'reply', message: 'Wait, one more thing.' }, actors.customer, t(3), promptearn);
    expect(d).toMatchObject({ ok: false, status: 410 });
    expect(!d.ok && d.problem.detail).toMatch(/does not reopen it\. Please open a new complaint/);
  });
});

describe("the customer's language", () => {
  const itc = loadPolicy('itc');

  it('itc: a Vietnamese-speaking customer gets Vietnamese messages, framed by the Vietnamese greeting and closing', () => {
    // Prepare
    let s = newCase(itc, T0, { category: 'quotation', language: 'vi' });
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, t(1)).state;
    // Act
    const d = ok(itc, s, { type: 'reply', message: 'Báo giá đã được gửi.' }, actors.agent, t(2));
    // Assess
    expect(s.language).toBe('vi');
    const n = d.notifications.find((x) => x.to === 'customer')!;
    expect(n.language).toBe('vi');
    const mail = renderMessage(itc, n.template, { ...n.vars, caseNumber: 'IT-2026-000001', statusUrl: 'https://example.com/c' }, { language: n.language });
    expect(mail.language).toBe('vi');
    expect(mail.text.startsWith('Kính gửi Quý khách,')).toBe(true);
  });

  it('a language the policy has no templates in falls back to the policy language; staff messages carry none', () => {
    let s = newCase(itc, T0, { category: 'quotation', language: 'fr' });
    expect(s.language).toBe('en');
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, t(1)).state;
    s = ok(itc, s, { type: 'claim' }, actors.agent, t(2)).state;
    const d = ok(itc, s, { type: 'reply', message: 'Bonjour' }, actors.customer, t(3));
    expect(d.notifications).toEqual([expect.objectContaining({ to: 'assignee' })]);
    expect(d.notifications[0]!.language).toBeUndefined();
  });
});
