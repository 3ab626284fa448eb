import { describe, expect, it } from 'vitest';
import { decide, type LifecycleState } from '../../../functions/domain/lifecycle';
import { replyWindow } from '../../../functions/domain/social-reply-window';
import { actors, at, h, newCase, ok, plus, promptearn } from './helpers';

/**
 * A case opened by a direct message is answered through the platform, which takes a business's standard response
 * only within 24 hours of the customer's last message. The clock here is virtual: each decision gets its own `now`.
 */
const policy = promptearn();
const T0 = at('2026-12-01T09:00:00Z');

const claimed = (channel: 'social' | 'email'): LifecycleState => {
  const s = ok(policy, newCase(policy, T0, { channel }), { type: 'acknowledge' }, actors.system, plus(T0, 60_000)).state;
  return ok(policy, s, { type: 'claim' }, actors.agent, plus(T0, 120_000)).state;
};
const reply = { type: 'reply', message: 'We have found the payout and sent it again.' };

describe('the direct-message reply window', () => {
  it('a staff reply on a social case is accepted within 24 h of the DM and refused after, with a problem that says why and what to do', () => {
    // Act
    const within = decide(claimed('social'), reply, actors.agent, plus(T0, h(23)), policy);
    const after = decide(claimed('social'), reply, actors.agent, plus(T0, h(25)), policy);
    const askAfter = decide(claimed('social'), { type: 'requestInfo', questions: 'Which account?' }, actors.agent, plus(T0, h(25)), policy);

    // Assess
    expect(within.ok).toBe(true);
    expect(after).toMatchObject({ ok: false, status: 409, problem: { type: 'https://redress.dev/problems/conflict', status: 409 } });
    if (after.ok) return;
    expect(after.problem.detail).toContain('last wrote by direct message at 2026-12-01T09:00:00.000Z');
    expect(after.problem.detail).toContain('window closed at 2026-12-02T09:00:00.000Z');
    expect(after.problem.detail).toContain('logContact');
    expect(askAfter).toMatchObject({ ok: false, status: 409 });
  });

  it("the customer's next message opens the window again; an email case has no such window", () => {
    // Prepare: the customer writes again on day 3
    const wroteAgain = ok(policy, claimed('social'), { type: 'reply', message: 'Any news?' }, actors.customer, plus(T0, h(50))).state;

    // Act
    const answered = decide(wroteAgain, reply, actors.agent, plus(T0, h(60)), policy);
    const tooLate = decide(wroteAgain, reply, actors.agent, plus(T0, h(75)), policy);
    const byEmail = decide(claimed('email'), reply, actors.agent, plus(T0, h(100)), policy);

    // Assess
    expect(wroteAgain.lastCustomerMessageAt).toBe('2026-12-03T11:00:00.000Z');
    expect(answered.ok).toBe(true);
    expect(tooLate).toMatchObject({ ok: false, status: 409 });
    expect(byEmail.ok).toBe(true);
  });

  it('the window itself: standard for 24 h, then HUMAN_AGENT to 7 days, then closed', () => {
    const last = '2026-12-01T09:00:00.000Z';
    expect(replyWindow(last, Date.parse(last) + h(24))).toEqual({ open: true, messagingType: 'RESPONSE' });
    expect(replyWindow(last, Date.parse(last) + h(24) + 1)).toEqual({ open: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(replyWindow(last, Date.parse(last) + h(7 * 24) + 1)).toEqual({ open: false, closedAt: '2026-12-08T09:00:00.000Z' });
  });
});
