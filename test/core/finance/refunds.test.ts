import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER } from '../../../functions/core/outbox';
import { decideRefundAs } from '../../../functions/core/use-cases/finance/decide-refund';
import { proposeRefundOnCase } from '../../../functions/core/use-cases/finance/propose-refund';
import { policyBook } from '../../../functions/core/policy-book';
import { mayReadCase } from '../../../functions/domain/access/read-access';
import { actors, financeHarness, refundRequest } from './finance-harness';

const ok = <T extends { ok: boolean }>(o: T) => {
  if (!o.ok) throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o as Extract<T, { ok: true }>;
};

describe('proposing and deciding a refund', () => {
  it('exactly at the agent limit another agent approves, the provider is asked once and the customer told', async () => {
    // Prepare
    const h = await financeHarness();
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(5_000_000)));
    // Act
    const decided = ok(await decideRefundAs(h.deps, refund.refundId, actors.agent2, { outcome: 'approve', reason: 'Order confirmed undelivered' }));
    // Assess
    expect(refund.route).toBe('agent');
    expect(decided.refund).toMatchObject({ status: 'processing', provider: { refundId: `re_${refund.refundId}` }, decision: { outcome: 'approved', by: { staffId: 'agent-2' } } });
    expect(h.provider.requests).toEqual([{ refundId: refund.refundId, amount: { amountMinor: 5_000_000, currency: 'NGN' }, reference: { kind: 'order', value: 'ORD-77' }, reason: 'Course never delivered' }]);
    expect(h.customerMail().map((m) => m.subject)).toEqual([expect.stringContaining('your refund of NGN 50000.00 is approved')]);
    expect(decided.history.map((e) => e.type)).toEqual(['refund_proposed', 'refund_approved', 'refund_submitted']);
  });

  it('one minor unit above the limit waits for finance: an agent is refused 403, finance approves', async () => {
    const h = await financeHarness();
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(5_000_001)));

    const byAgent = await decideRefundAs(h.deps, refund.refundId, actors.agent2, { outcome: 'approve', reason: 'Looks fine' });
    const bySupervisor = await decideRefundAs(h.deps, refund.refundId, actors.supervisor, { outcome: 'approve', reason: 'Looks fine' });
    const byFinance = ok(await decideRefundAs(h.deps, refund.refundId, actors.finance, { outcome: 'approve', reason: 'Payment verified' }));

    expect(refund).toMatchObject({ route: 'finance', decisionDue: expect.any(String) });
    expect(byAgent).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(bySupervisor).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(byFinance.refund.status).toBe('processing');
    expect(h.staffMail().map((m) => m.subject)).toContainEqual(expect.stringContaining('[finance] refund awaiting finance'));
  });

  it('under a policy that sets no refund rules a proposal is refused, never routed by an invented limit', async () => {
    const h = await financeHarness();
    const withoutFinance = { ...h.policy, finance: undefined };

    const proposed = await proposeRefundOnCase({ ...h.deps, policies: policyBook(withoutFinance) }, h.theCase.id, actors.agent, refundRequest(1_000));

    expect(proposed).toMatchObject({ ok: false, reason: 'conflict', detail: expect.stringContaining('sets no refund rules') });
    expect(h.provider.requests).toEqual([]);
    // A refused proposal leaves the case as it was: not marked as carrying money.
    expect((await h.deps.cases.get(h.theCase.id))!.lifecycle.carriesMoney).toBeUndefined();
  });

  it('a proposal marks its case as carrying money in the commit that writes it, so finance reads a case outside the money categories', async () => {
    // Prepare: a payout complaint, which finance does not work
    const h = await financeHarness();
    const before = (await h.deps.cases.get(h.theCase.id))!;
    const finance = { ...actors.finance, department: 'payments' };
    // Act
    ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(1_000)));
    // Assess: the mark came with the proposal's own timeline line (one case write, one eventSeq step)
    const after = (await h.deps.cases.getWithTimeline(h.theCase.id))!;
    expect(before.lifecycle.carriesMoney).toBeUndefined();
    expect(mayReadCase(h.policy, finance, before.lifecycle)).toBe(false);
    expect(after.theCase.lifecycle.carriesMoney).toBe(true);
    expect(after.theCase.eventSeq).toBe(before.eventSeq + 1);
    expect(after.timeline.at(-1)).toMatchObject({ seq: after.theCase.eventSeq, type: 'finance_update', summary: 'Refund of NGN 10.00 proposed' });
    expect(mayReadCase(h.policy, finance, after.theCase.lifecycle)).toBe(true);
  });

  it('maker–checker: the proposer cannot approve or reject their own refund, whatever their role', async () => {
    const h = await financeHarness();
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.finance, refundRequest(9_000_000)));

    const approve = await decideRefundAs(h.deps, refund.refundId, actors.finance, { outcome: 'approve', reason: 'Mine to approve' });
    const reject = await decideRefundAs(h.deps, refund.refundId, actors.finance, { outcome: 'reject', reason: 'Mine to reject' });

    expect(approve).toMatchObject({ ok: false, reason: 'forbidden', detail: expect.stringContaining('maker_checker') });
    expect(reject).toMatchObject({ ok: false, reason: 'forbidden', detail: expect.stringContaining('maker_checker') });
    expect(h.provider.requests).toHaveLength(0);
  });

  it('two finance users deciding at once: exactly one wins, the other gets a conflict, one email, one payment', async () => {
    const h = await financeHarness();
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(9_000_000)));
    const mailBefore = h.customerMail().length;

    const [a, b] = await Promise.all([
      decideRefundAs(h.deps, refund.refundId, actors.finance, { outcome: 'approve', reason: 'Payment verified' }),
      decideRefundAs(h.deps, refund.refundId, actors.finance2, { outcome: 'reject', reason: 'Not eligible' }),
    ]);

    const outcomes = [a, b];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ reason: 'conflict' })]);
    expect(h.customerMail().length - mailBefore).toBe(1);
    expect(h.provider.requests.length).toBeLessThanOrEqual(1);
    // Counted in the outbox: every customer item written was sent (none pending), each mail carrying its item's key.
    expect(await h.deps.cases.pendingOutbox(h.theCase.id)).toEqual([]);
    const keys = h.customerMail().slice(mailBefore).map((m) => m.headers?.[IDEMPOTENCY_HEADER]);
    expect(keys).toEqual([expect.stringMatching(new RegExp(`^${h.theCase.id}\\.\\d+\\.\\d+\\.refund_(approved|rejected)\\.customer$`))]);
    const decided = (await h.deps.cases.getWithTimeline(h.theCase.id))!.timeline.filter((e) => e.type === 'finance_update' && e.visibility === 'customer');
    expect(decided).toHaveLength(1);
  });

  it('a reason is required, the case must exist, and an unknown refund is not found', async () => {
    const h = await financeHarness();
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(1000)));

    expect(await decideRefundAs(h.deps, refund.refundId, actors.agent2, { outcome: 'reject', reason: ' ' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await proposeRefundOnCase(h.deps, crypto.randomUUID(), actors.agent, refundRequest(1000))).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await decideRefundAs(h.deps, 'no-such-refund', actors.finance, { outcome: 'approve', reason: 'Payment verified' })).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it('a provider that is unavailable leaves the refund approved, to be asked again', async () => {
    const h = await financeHarness();
    h.provider.answer = () => ({ kind: 'unavailable', message: 'timeout' });
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(1000)));

    const decided = ok(await decideRefundAs(h.deps, refund.refundId, actors.agent2, { outcome: 'approve', reason: 'Order confirmed' }));

    expect(decided.refund.status).toBe('approved');
    expect((await h.deps.finance.pending()).find((e) => e.id === refund.refundId)).toMatchObject({ status: 'approved', timerAt: expect.any(String) });
  });
});
