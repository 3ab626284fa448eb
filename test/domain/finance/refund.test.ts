import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRefund, type RefundOutcome } from '../../../functions/domain/finance/refund/decide';
import { REFUND_RANK, type Refund, type StaffRef } from '../../../functions/domain/finance/refund/model';
import { proposeRefund } from '../../../functions/domain/finance/refund/propose';
import type { RefundCommand } from '../../../functions/domain/finance/refund/commands';
import { financeSettings, mustBeOk, promptearn, provider, staff, system } from './helpers';

const policy = promptearn();
const settings = financeSettings().refunds;
// Friday 2026-11-27 15:00 in Lagos (UTC+1).
const friday = new Date('2026-11-27T14:00:00Z');

const proposal = (amountMinor: number, currency = 'NGN', extra: Record<string, unknown> = {}) => ({
  refundId: 'rf-1',
  caseId: 'case-1',
  amount: { amountMinor, currency },
  reason: 'Course never delivered',
  reference: { kind: 'order', value: 'ORD-77' },
  ...extra,
});

function proposed(amountMinor: number, currency = 'NGN', by: StaffRef = staff.agent): Refund {
  return mustBeOk(proposeRefund(proposal(amountMinor, currency), by, friday, settings, policy)).refund;
}

function changed(outcome: RefundOutcome) {
  const ok = mustBeOk(outcome);
  if (!ok.changed) expect.fail(`expected a change, got ${ok.ignored}: ${ok.detail}`);
  return ok;
}

describe('refund threshold', () => {
  it('exactly at the agent limit, another agent may approve, and approval asks the provider to pay', () => {
    // Prepare
    const refund = proposed(5_000_000);
    // Act
    const outcome = changed(decideRefund(refund, { type: 'approve', reason: 'Order confirmed undelivered' }, staff.agent2, friday));
    // Assess
    expect(refund.route).toBe('agent');
    expect(refund.decisionDue).toBeUndefined();
    expect(outcome.refund.status).toBe('approved');
    expect(outcome.refund.decision).toMatchObject({ outcome: 'approved', by: staff.agent2, reason: 'Order confirmed undelivered' });
    expect(outcome.effects).toEqual([
      { type: 'request_provider_refund', request: { refundId: 'rf-1', amount: { amountMinor: 5_000_000, currency: 'NGN' }, reference: { kind: 'order', value: 'ORD-77' }, reason: 'Course never delivered' } },
    ]);
  });

  it('one minor unit above the limit, an agent is refused and finance decides', () => {
    const refund = proposed(5_000_001);

    const byAgent = decideRefund(refund, { type: 'approve', reason: 'Looks fine to me' }, staff.agent2, friday);
    const bySenior = decideRefund(refund, { type: 'approve', reason: 'Looks fine to me' }, staff.senior, friday);
    const byFinance = changed(decideRefund(refund, { type: 'approve', reason: 'Payment verified' }, staff.finance, friday));

    expect(refund.route).toBe('finance');
    expect(refund.routeExplanation).toContain('above the agent limit of NGN 50000.00');
    expect(byAgent).toMatchObject({ ok: false, kind: 'forbidden', code: 'not_permitted' });
    expect(bySenior).toMatchObject({ ok: false, kind: 'forbidden', code: 'not_permitted' });
    expect(byFinance.refund.status).toBe('approved');
  });

  it('the finance decision is due on the business calendar: Friday afternoon + 2 business days is Tuesday close', () => {
    const outcome = mustBeOk(proposeRefund(proposal(9_000_000), staff.agent, friday, settings, policy));

    // Friday 15:00 is half gone: Monday and Tuesday are the two whole days; Lagos closes at 17:00 (16:00 UTC).
    expect(outcome.refund.decisionDue).toBe('2026-12-01T16:00:00Z');
    expect(outcome.decisionDeadline?.explanation.text).toContain('2 business days');
    expect(outcome.notifications).toEqual([expect.objectContaining({ to: 'finance', template: 'refund_awaiting_finance' })]);
  });

  it('different currencies are never compared: a $1 refund goes to finance when only naira has a limit', () => {
    const nairaOnly = { ...settings, agentApprovalLimits: [{ amountMinor: 5_000_000, currency: 'NGN' }] };

    const dollar = mustBeOk(proposeRefund(proposal(100, 'USD'), staff.agent, friday, nairaOnly, policy)).refund;
    const euro = proposed(1, 'EUR');
    // $100.01 is far below ₦50,000 as a number, and still above the dollar limit.
    const overDollarLimit = proposed(10_001, 'USD');
    const atDollarLimit = proposed(10_000, 'USD');

    expect(dollar.route).toBe('finance');
    expect(dollar.routeExplanation).toContain('no agent limit in USD');
    expect(euro.route).toBe('finance');
    expect(overDollarLimit.route).toBe('finance');
    expect(atDollarLimit.route).toBe('agent');
  });

  it('a refund in another currency than the payment, or above it, is refused', () => {
    const wrongCurrency = proposeRefund(proposal(1000, 'USD', { original: { amountMinor: 500_000, currency: 'NGN' } }), staff.agent, friday, settings, policy);
    const tooMuch = proposeRefund(proposal(500_001, 'NGN', { original: { amountMinor: 500_000, currency: 'NGN' } }), staff.agent, friday, settings, policy);
    const exact = proposeRefund(proposal(500_000, 'NGN', { original: { amountMinor: 500_000, currency: 'NGN' } }), staff.agent, friday, settings, policy);

    expect(wrongCurrency).toMatchObject({ ok: false, code: 'currency_mismatch' });
    expect(tooMuch).toMatchObject({ ok: false, code: 'amount_exceeds_original' });
    expect(exact.ok).toBe(true);
  });

  it('refuses a proposal without a reason, with a zero amount or a float amount', () => {
    expect(proposeRefund(proposal(100, 'NGN', { reason: '  ' }), staff.agent, friday, settings, policy)).toMatchObject({ ok: false, code: 'reason_required' });
    expect(proposeRefund(proposal(0), staff.agent, friday, settings, policy)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(proposeRefund(proposal(10.5), staff.agent, friday, settings, policy)).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('maker–checker', () => {
  it('the proposer can neither approve nor reject their own refund, on either route', () => {
    const small = proposed(1_000, 'NGN', staff.agent);
    const large = proposed(9_000_000, 'NGN', staff.finance);

    expect(decideRefund(small, { type: 'approve', reason: 'Self approval' }, staff.agent, friday)).toMatchObject({ ok: false, code: 'maker_checker' });
    expect(decideRefund(small, { type: 'reject', reason: 'Changed my mind' }, staff.agent, friday)).toMatchObject({ ok: false, code: 'maker_checker' });
    expect(decideRefund(large, { type: 'approve', reason: 'Self approval' }, staff.finance, friday)).toMatchObject({ ok: false, code: 'maker_checker' });
    expect(changed(decideRefund(large, { type: 'approve', reason: 'Second pair of eyes' }, staff.finance2, friday)).refund.status).toBe('approved');
  });

  it('the checker is the same person id, whatever name or role they present', () => {
    const refund = proposed(1_000, 'NGN', staff.agent);
    const samePersonAsFinance = { staffId: staff.agent.staffId, role: 'finance' as const, name: 'Someone else' };

    expect(decideRefund(refund, { type: 'approve', reason: 'Approving' }, samePersonAsFinance, friday)).toMatchObject({ ok: false, code: 'maker_checker' });
  });

  it('every decision carries a reason, and a decided refund is not decided again', () => {
    const refund = proposed(1_000);

    const noReason = decideRefund(refund, { type: 'reject', reason: '' }, staff.agent2, friday);
    const rejected = changed(decideRefund(refund, { type: 'reject', reason: 'Duplicate of an earlier refund' }, staff.agent2, friday));
    const again = decideRefund(rejected.refund, { type: 'approve', reason: 'Try again' }, staff.finance, friday);

    expect(noReason).toMatchObject({ ok: false, kind: 'invalid', code: 'reason_required' });
    expect(rejected.refund).toMatchObject({ status: 'rejected', version: 1, decision: { outcome: 'rejected', reason: 'Duplicate of an earlier refund' } });
    expect(rejected.effects).toEqual([]);
    expect(rejected.notifications.map((n) => n.to)).toEqual(['proposer', 'customer']);
    expect(again).toMatchObject({ ok: false, kind: 'conflict', code: 'wrong_state' });
  });

  it('two finance users deciding the same read of a refund both get a decision at the same version: the store lets one commit', () => {
    const refund = proposed(9_000_000);

    const a = changed(decideRefund(refund, { type: 'approve', reason: 'Verified' }, staff.finance, friday));
    const b = changed(decideRefund(refund, { type: 'reject', reason: 'Not verified' }, staff.finance2, friday));

    // Both were decided from version 0: a commit conditioned on version = 0 accepts the first and refuses the second.
    expect(a.refund.version).toBe(1);
    expect(b.refund.version).toBe(1);
  });

  it('customers, the workflow and the provider cannot decide', () => {
    const refund = proposed(1_000);

    expect(decideRefund(refund, { type: 'approve', reason: 'Automatic' }, system, friday)).toMatchObject({ ok: false, code: 'not_permitted' });
    expect(decideRefund(refund, { type: 'approve', reason: 'Automatic' }, provider, friday)).toMatchObject({ ok: false, code: 'not_permitted' });
  });
});

const update = (eventId: string, status: 'pending' | 'succeeded' | 'failed' | 'canceled', extra: Partial<Extract<RefundCommand, { type: 'providerUpdate' }>> = {}): RefundCommand => ({
  type: 'providerUpdate',
  eventId,
  occurredAt: '2026-11-27T15:00:00Z',
  providerRefundId: 're_1',
  status,
  ...extra,
});

function approved(): Refund {
  return changed(decideRefund(proposed(1_000), { type: 'approve', reason: 'Undelivered' }, staff.agent2, friday)).refund;
}

describe('refund status driven by provider events', () => {
  it('approved → processing (port answered) → succeeded (webhook), the customer told once it succeeded', () => {
    const submitted = changed(decideRefund(approved(), { type: 'markSubmitted', providerRefundId: 're_1' }, system, friday));
    const succeeded = changed(decideRefund(submitted.refund, update('evt_2', 'succeeded'), provider, friday));

    expect(submitted.refund).toMatchObject({ status: 'processing', provider: { refundId: 're_1' } });
    expect(succeeded.refund).toMatchObject({ status: 'succeeded', settledAt: '2026-11-27T15:00:00Z', version: 3 });
    expect(succeeded.notifications).toEqual([expect.objectContaining({ to: 'customer', template: 'refund_succeeded' })]);
  });

  it('out of order: a pending event after succeeded changes nothing, nor does the port answering late', () => {
    const succeeded = changed(decideRefund(approved(), update('evt_2', 'succeeded'), provider, friday)).refund;

    const latePending = mustBeOk(decideRefund(succeeded, update('evt_1', 'pending'), provider, friday));
    const lateSubmit = mustBeOk(decideRefund(succeeded, { type: 'markSubmitted', providerRefundId: 're_1' }, system, friday));

    expect(latePending).toMatchObject({ changed: false, ignored: 'stale', refund: succeeded });
    expect(lateSubmit).toMatchObject({ changed: false, refund: succeeded });
  });

  it('a redelivered event id is a duplicate; a failure is recorded with its reason and finance is told', () => {
    const processing = changed(decideRefund(approved(), update('evt_1', 'pending'), provider, friday)).refund;

    const again = mustBeOk(decideRefund(processing, update('evt_1', 'pending'), provider, friday));
    const failed = changed(decideRefund(processing, update('evt_2', 'failed', { failureReason: 'expired_or_canceled_card' }), provider, friday));

    expect(again).toMatchObject({ changed: false, ignored: 'duplicate' });
    expect(failed.refund).toMatchObject({ status: 'failed', failureReason: 'expired_or_canceled_card' });
    expect(failed.notifications.map((n) => [n.to, n.template])).toEqual([
      ['finance', 'refund_failed'],
      ['assignee', 'refund_failed'],
    ]);
  });

  it('money the provider moved for a refund never approved here, or for another amount, is an anomaly for finance, not a status', () => {
    const requested = proposed(1_000);
    const approvedRefund = approved();

    const unapproved = changed(decideRefund(requested, update('evt_1', 'succeeded'), provider, friday));
    const wrongAmount = changed(decideRefund(approvedRefund, update('evt_2', 'succeeded', { amount: { amountMinor: 2_000, currency: 'NGN' } }), provider, friday));
    const succeeded = changed(decideRefund(approvedRefund, update('evt_3', 'succeeded'), provider, friday)).refund;
    const failedAfterSuccess = changed(decideRefund(succeeded, update('evt_4', 'failed'), provider, friday));

    expect(unapproved.refund.status).toBe('requested');
    expect(unapproved.events[0]?.type).toBe('refund_provider_anomaly');
    expect(wrongAmount.refund.status).toBe('approved');
    expect(wrongAmount.notifications[0]).toMatchObject({ to: 'finance', template: 'provider_anomaly' });
    expect(failedAfterSuccess.refund.status).toBe('succeeded');
    expect(failedAfterSuccess.events[0]?.type).toBe('refund_provider_anomaly');
  });

  it('staff cannot forge provider updates', () => {
    expect(decideRefund(approved(), update('evt_1', 'succeeded'), staff.finance, friday)).toMatchObject({ ok: false, code: 'not_permitted' });
  });

  it('property: whatever order provider events arrive in, the status never moves backwards', () => {
    const statuses = fc.constantFrom('pending' as const, 'succeeded' as const, 'failed' as const, 'canceled' as const);
    fc.assert(
      fc.property(fc.array(statuses, { minLength: 1, maxLength: 8 }), (sequence) => {
        let refund = approved();
        sequence.forEach((status, i) => {
          const outcome = decideRefund(refund, update(`evt_${i}`, status), provider, friday);
          if (!outcome.ok) throw new Error(outcome.detail);
          expect(REFUND_RANK[outcome.refund.status]).toBeGreaterThanOrEqual(REFUND_RANK[refund.status]);
          refund = outcome.refund;
        });
        // The first event decides the final status class: once final, nothing changes it.
        const first = sequence[0] === 'pending' ? sequence.find((s) => s !== 'pending') : sequence[0];
        const expected = first === undefined ? 'processing' : first === 'succeeded' ? 'succeeded' : 'failed';
        expect(refund.status).toBe(expected);
      }),
    );
  });
});

describe('overdue finance decision', () => {
  const due = new Date('2026-12-01T16:00:00Z');

  it('before the due time the timer is refused; at it the finance lead is alerted and the customer told what happens next, once', () => {
    const refund = proposed(9_000_000);

    const early = decideRefund(refund, { type: 'decisionOverdue' }, system, new Date(due.getTime() - 1));
    const escalated = changed(decideRefund(refund, { type: 'decisionOverdue' }, system, due));
    const repeated = mustBeOk(decideRefund(escalated.refund, { type: 'decisionOverdue' }, system, due));

    expect(early).toMatchObject({ ok: false, code: 'not_due' });
    expect(escalated.refund).toMatchObject({ status: 'requested', escalatedAt: '2026-12-01T16:00:00.000Z' });
    expect(escalated.notifications.map((n) => [n.to, n.template])).toEqual([
      ['finance_lead', 'refund_decision_overdue'],
      ['customer', 'refund_delayed_customer'],
    ]);
    expect(repeated).toMatchObject({ changed: false, ignored: 'duplicate' });
  });

  it('a timer that fires after finance decided changes nothing', () => {
    const decided = changed(decideRefund(proposed(9_000_000), { type: 'approve', reason: 'Verified' }, staff.finance, friday)).refund;

    expect(mustBeOk(decideRefund(decided, { type: 'decisionOverdue' }, system, due))).toMatchObject({ changed: false, ignored: 'stale' });
  });
});
