import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { decide, type LifecycleState } from '../../../functions/domain/lifecycle';
import { actors, at, newCase, ok, plus } from './helpers';

/**
 * earnway 5.2: "multi-factor authentication for account security or sensitive operations before providing support".
 * Categories flagged `verify_identity` carry the flag on the case; staff record the check (who, when, how); replies
 * and resolutions wait for it.
 */

const earnway = loadPolicy('earnway');
const T0 = at('2026-11-23T09:00:00Z');
const t = (min: number) => plus(T0, min * 60_000);

function claimed(category: string): LifecycleState {
  let s = newCase(earnway, T0, { category });
  s = ok(earnway, s, { type: 'acknowledge' }, actors.system, t(1)).state;
  return ok(earnway, s, { type: 'claim' }, actors.agent, t(2)).state;
}

describe('identity verification (earnway)', () => {
  it('flagged categories carry the requirement on the case, so staff see it; others do not', () => {
    expect(newCase(earnway, T0, { category: 'transaction_anomaly' }).identity).toEqual({ required: true });
    expect(newCase(earnway, T0, { category: 'account_security' }).identity).toEqual({ required: true });
    expect(newCase(earnway, T0, { category: 'feature_guidance' }).identity).toBeUndefined();
  });

  it('a staff reply and a resolution are refused with 409 until the identity is verified', () => {
    // Prepare
    const s = claimed('transaction_anomaly');
    // Act
    const reply = decide(s, { type: 'reply', message: 'Your balance is 120 USD.' }, actors.agent, t(3), earnway);
    const resolve = decide(s, { type: 'resolve', summary: 'Reversed the duplicate.' }, actors.agent, t(3), earnway);
    // Assess
    expect(reply).toMatchObject({ ok: false, status: 409 });
    expect(!reply.ok && reply.problem.detail).toMatch(/identity is not verified.*verifyIdentity/);
    expect(resolve).toMatchObject({ ok: false, status: 409 });
  });

  it('information requests, notes and escalations need no verification (the request may ask the customer to verify)', () => {
    const s = claimed('account_security');
    expect(decide(s, { type: 'requestInfo', questions: 'Please confirm the MFA prompt in the app.' }, actors.agent, t(3), earnway)).toMatchObject({ ok: true });
    expect(decide(s, { type: 'note', text: 'Waiting for MFA.' }, actors.agent, t(3), earnway)).toMatchObject({ ok: true });
    expect(decide(s, { type: 'escalate', reason: 'Needs a supervisor.' }, actors.agent, t(3), earnway)).toMatchObject({ ok: true });
  });

  it('verifyIdentity records who, when and how; then replies and the resolution go through', () => {
    const s = claimed('transaction_anomaly');
    const v = ok(earnway, s, { type: 'verifyIdentity', method: 'mfa', note: 'Code confirmed in the app.' }, actors.agent, t(4));
    expect(v.state.identity).toEqual({ required: true, verified: { at: t(4).toISOString(), by: 'agent-1', method: 'mfa', note: 'Code confirmed in the app.' } });
    expect(v.events).toEqual([expect.objectContaining({ type: 'identity_verified', visibility: 'customer', actor: expect.objectContaining({ staffId: 'agent-1' }) })]);
    expect(v.events[0]!.summary).toBe('Your identity was verified (multi-factor authentication).');
    const r = ok(earnway, v.state, { type: 'reply', message: 'We see the duplicate.' }, actors.agent, t(5));
    ok(earnway, r.state, { type: 'resolve', summary: 'Reversed the duplicate.' }, actors.agent, t(6));
  });

  it('verifying twice, on a case that needs no check, by a customer, or with an unknown method is refused', () => {
    const s = claimed('transaction_anomaly');
    const v = ok(earnway, s, { type: 'verifyIdentity', method: 'callback' }, actors.agent, t(4)).state;
    expect(decide(v, { type: 'verifyIdentity', method: 'mfa' }, actors.agent, t(5), earnway)).toMatchObject({ ok: false, status: 409 });
    expect(decide(claimed('feature_guidance'), { type: 'verifyIdentity', method: 'mfa' }, actors.agent, t(5), earnway)).toMatchObject({ ok: false, status: 409 });
    expect(decide(s, { type: 'verifyIdentity', method: 'mfa' }, actors.customer, t(5), earnway)).toMatchObject({ ok: false, status: 403 });
    expect(decide(s, { type: 'verifyIdentity', method: 'telepathy' }, actors.agent, t(5), earnway)).toMatchObject({ ok: false, status: 422 });
    expect(decide(s, { type: 'verifyIdentity', method: 'mfa' }, actors.agent2, t(5), earnway)).toMatchObject({ ok: false, status: 403 }); // assigned to agent-1
  });
});
