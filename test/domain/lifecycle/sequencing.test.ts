import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { decide } from '../../../functions/domain/lifecycle';
import { actors, at, newCase, ok, plus } from './helpers';

/**
 * itc: "Customer requests a lot of issues: the next issue is processed within 24 hours of the previous issue being
 * processed" (sequencing.nextIssueWithin). The nextIssue clock runs from the previous case's resolution.
 */

const itc = loadPolicy('itc');
const RESOLVED = at('2026-11-20T03:00:00Z'); // Friday 10:00 in Ho Chi Minh City: the customer's first issue is resolved
const h = (n: number) => n * 3_600_000;
const general = { category: 'product_guidance' };

describe('per-customer sequencing at intake (itc)', () => {
  it('a second issue received 2 h after the first was resolved is due 24 h after that resolution, beside its own clocks', () => {
    // Act
    const s = newCase(itc, plus(RESOLVED, h(2)), { ...general, previousResolvedAt: RESOLVED });
    // Assess
    expect(s.clocks.nextIssue).toMatchObject({ status: 'running', startedAt: '2026-11-20T03:00:00Z', due: '2026-11-21T03:00:00Z', clause: itc.sequencing!.nextIssueWithin.clause });
    expect(s.clocks.resolution?.status).toBe('running');
    expect(Date.parse(s.clocks.nextIssue!.due!)).toBeLessThan(Date.parse(s.clocks.resolution!.due!));
  });

  it('is kept by a resolution within the window', () => {
    let s = newCase(itc, plus(RESOLVED, h(2)), { ...general, previousResolvedAt: RESOLVED });
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, plus(RESOLVED, h(3))).state;
    const r = ok(itc, s, { type: 'resolve', summary: 'Done.' }, actors.agent, plus(RESOLVED, h(20)));
    expect(r.state.clocks.nextIssue).toMatchObject({ status: 'stopped', met: true });
  });

  it('breaches when it falls due: the supervisor is told', () => {
    let s = newCase(itc, plus(RESOLVED, h(2)), { ...general, previousResolvedAt: RESOLVED });
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, plus(RESOLVED, h(3))).state;
    const t = ok(itc, s, { type: 'timeout', clock: 'nextIssue' }, actors.system, at('2026-11-21T03:00:00Z'));
    expect(t.state.breaches.nextIssue).toBe('2026-11-21T03:00:00.000Z');
    expect(t.notifications).toEqual([expect.objectContaining({ to: 'supervisor', template: 'breach', vars: { clock: 'nextIssue', due: '2026-11-21T03:00:00Z' } })]);
  });

  it('pauses while the case waits for the customer, like the resolution clock', () => {
    let s = newCase(itc, plus(RESOLVED, h(2)), { ...general, previousResolvedAt: RESOLVED });
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, plus(RESOLVED, h(3))).state;
    s = ok(itc, s, { type: 'requestInfo', questions: 'Which product?' }, actors.agent, plus(RESOLVED, h(4))).state;
    expect(s.clocks.nextIssue?.status).toBe('paused');
    s = ok(itc, s, { type: 'reply', message: 'The mail product.' }, actors.customer, plus(RESOLVED, h(10))).state;
    // 20 h were left at the pause; the answer came 6 h later.
    expect(s.clocks.nextIssue).toMatchObject({ status: 'running', due: '2026-11-21T09:00:00Z' });
  });

  it('a customer who comes back after the window gets only the case clocks', () => {
    const s = newCase(itc, plus(RESOLVED, h(30)), { ...general, previousResolvedAt: RESOLVED });
    expect(s.clocks.nextIssue).toBeUndefined();
  });

  it('policies without sequencing start no such clock', () => {
    const promptearn = loadPolicy('promptearn');
    expect(newCase(promptearn, plus(RESOLVED, h(2)), { previousResolvedAt: RESOLVED }).clocks.nextIssue).toBeUndefined();
  });
});

describe('per-customer sequencing for a case already open when the previous one is resolved', () => {
  it('previousIssueResolved starts the clock from the resolution instant on a waiting case', () => {
    // Received Friday 09:00 local, an hour before the previous case was resolved: its own first response is due Monday.
    let s = newCase(itc, at('2026-11-20T02:00:00Z'), general);
    s = ok(itc, s, { type: 'acknowledge' }, actors.system, at('2026-11-20T02:30:00Z')).state;
    const d = ok(itc, s, { type: 'previousIssueResolved', resolvedAt: RESOLVED.toISOString() }, actors.system, plus(RESOLVED, 5_000));
    expect(d.state.clocks.nextIssue).toMatchObject({ status: 'running', due: '2026-11-21T03:00:00Z' });
    expect(d.events).toEqual([expect.objectContaining({ type: 'next_issue_scheduled', visibility: 'customer', deadlines: [expect.objectContaining({ clock: 'nextIssue' })] })]);
    expect(d.signal).toMatchObject({ timer: { clock: 'nextIssue', due: '2026-11-21T03:00:00Z' } });
  });

  it('is refused where it cannot apply', () => {
    const open = ok(itc, newCase(itc, at('2026-11-19T03:00:00Z'), general), { type: 'acknowledge' }, actors.system, at('2026-11-19T04:00:00Z')).state;
    const action = { type: 'previousIssueResolved', resolvedAt: RESOLVED.toISOString() };
    const now = plus(RESOLVED, 5_000);
    const started = ok(itc, open, action, actors.system, now).state;
    expect(decide(started, action, actors.system, now, itc)).toMatchObject({ ok: false, status: 409 });
    const resolved = ok(itc, open, { type: 'resolve', summary: 'Done.' }, actors.agent, now).state;
    expect(decide(resolved, action, actors.system, now, itc)).toMatchObject({ ok: false, status: 409 });
    expect(decide(open, { ...action, resolvedAt: plus(now, h(1)).toISOString() }, actors.system, now, itc)).toMatchObject({ ok: false, status: 422 });
    expect(decide(open, action, actors.agent, now, itc)).toMatchObject({ ok: false, status: 403 });
    const promptearn = loadPolicy('promptearn');
    const p = ok(promptearn, newCase(promptearn, at('2026-11-19T03:00:00Z')), { type: 'acknowledge' }, actors.system, at('2026-11-19T04:00:00Z')).state;
    expect(decide(p, action, actors.system, now, promptearn)).toMatchObject({ ok: false, status: 409 });
  });
});
