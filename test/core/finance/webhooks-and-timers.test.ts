import { describe, expect, it } from 'vitest';
import { decideRefundAs } from '../../../functions/core/use-cases/finance/decide-refund';
import { decideChargebackAs } from '../../../functions/core/use-cases/finance/decide-chargeback';
import { storeEvidencePack } from '../../../functions/core/use-cases/finance/evidence-pack';
import { runFinanceTimers } from '../../../functions/core/use-cases/finance/finance-timers';
import { proposeRefundOnCase } from '../../../functions/core/use-cases/finance/propose-refund';
import { chargebackIdFor, receivePaymentWebhook } from '../../../functions/core/use-cases/finance/receive-payment-webhook';
import { signatureHeader } from '../../../functions/domain/finance/webhooks/signature';
import { actors, financeHarness, refundRequest } from './finance-harness';

const SECRET = 'whsec_test_secret_0123456789';
const ok = <T extends { ok: boolean }>(o: T) => {
  if (!o.ok) throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o as Extract<T, { ok: true }>;
};

type Harness = Awaited<ReturnType<typeof financeHarness>>;
const unix = (h: Harness) => Math.floor(h.deps.now().getTime() / 1000);
function deliver(h: Harness, event: Record<string, unknown>, options: { secret?: string; signedAt?: number } = {}) {
  const rawBody = JSON.stringify(event);
  return receivePaymentWebhook({ ...h.deps, secrets: [SECRET] }, { rawBody, signature: signatureHeader(rawBody, options.secret ?? SECRET, options.signedAt ?? unix(h)) });
}
const refundEvent = (h: Harness, id: string, type: string, refundId: string, status: string, amount = 1000) => ({
  id,
  type,
  created: unix(h),
  data: { object: { id: `re_${refundId}`, amount, currency: 'ngn', status, metadata: { redress_refund_id: refundId } } },
});
const disputeEvent = (h: Harness, id: string, type: string, status: string, caseId?: string) => ({
  id,
  type,
  created: unix(h),
  data: { object: { id: 'dp_1', amount: 1_500_000, currency: 'ngn', charge: 'ch_9', reason: 'fraudulent', status, evidence_details: { due_by: unix(h) + 5 * 86_400 }, metadata: caseId ? { redress_case_id: caseId } : {} } },
});

async function approvedRefund(h: Harness) {
  const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(1000)));
  ok(await decideRefundAs(h.deps, refund.refundId, actors.agent2, { outcome: 'approve', reason: 'Order confirmed' }));
  return refund.refundId;
}

describe('payment provider webhooks', () => {
  it('a signed refund event settles the refund and tells the customer; a replay and an out-of-order event change nothing', async () => {
    // Prepare
    const h = await financeHarness();
    const refundId = await approvedRefund(h);
    // Act
    const succeeded = await deliver(h, refundEvent(h, 'evt_2', 'refund.updated', refundId, 'succeeded'));
    const replay = await deliver(h, refundEvent(h, 'evt_2', 'refund.updated', refundId, 'succeeded'));
    const late = await deliver(h, refundEvent(h, 'evt_1', 'refund.created', refundId, 'pending'));
    // Assess
    expect(succeeded).toMatchObject({ ok: true, handled: 'applied' });
    expect(replay).toMatchObject({ ok: true, handled: 'replay' });
    expect(late).toMatchObject({ ok: true, handled: 'ignored', detail: expect.stringContaining('out of order') });
    const { refund, history } = (await h.deps.finance.getRefund(refundId))!;
    expect(refund.status).toBe('succeeded');
    expect(history.filter((e) => e.type === 'refund_succeeded')).toHaveLength(1);
    expect(h.customerMail().filter((m) => m.subject.includes('is paid'))).toHaveLength(1);
  });

  it('a forged signature and a stale timestamp are refused and change nothing', async () => {
    const h = await financeHarness();
    const refundId = await approvedRefund(h);

    const forged = await deliver(h, refundEvent(h, 'evt_9', 'refund.updated', refundId, 'succeeded'), { secret: 'whsec_someone_else_entirely' });
    const stale = await deliver(h, refundEvent(h, 'evt_9', 'refund.updated', refundId, 'succeeded'), { signedAt: unix(h) - 301 });

    expect(forged).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringContaining('bad_signature') });
    expect(stale).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringContaining('stale_timestamp') });
    expect((await h.deps.finance.getRefund(refundId))!.refund.status).toBe('processing');
    expect(await h.deps.finance.webhookSeen('evt_9')).toBe(false);
  });

  it('an unknown event type is acknowledged and ignored', async () => {
    const h = await financeHarness();
    expect(await deliver(h, { id: 'evt_x', type: 'customer.created', created: unix(h), data: { object: {} } })).toMatchObject({ ok: true, handled: 'ignored' });
  });

  it('a dispute event opens a chargeback linked to the complaint its metadata names; the outcome reaches the customer', async () => {
    const h = await financeHarness();

    const opened = await deliver(h, disputeEvent(h, 'evt_d1', 'charge.dispute.created', 'needs_response', h.theCase.id));
    const won = await deliver(h, disputeEvent(h, 'evt_d2', 'charge.dispute.closed', 'won', h.theCase.id));

    expect(opened).toMatchObject({ ok: true, handled: 'applied' });
    expect(won).toMatchObject({ ok: true, handled: 'applied' });
    const { chargeback } = (await h.deps.finance.getChargeback(chargebackIdFor('dp_1')))!;
    expect(chargeback).toMatchObject({ caseId: h.theCase.id, status: 'won', evidenceDueSource: 'provider' });
    expect(h.customerMail().map((m) => m.text)).toContainEqual(expect.stringContaining('the card network decided the charge stands'));
    // The opening marked the complaint as carrying money (finance reads it, though a payout complaint is no money category).
    expect((await h.deps.cases.get(h.theCase.id))!.lifecycle.carriesMoney).toBe(true);
  });

  it('a dispute naming a complaint that does not exist opens an unlinked chargeback', async () => {
    const h = await financeHarness();
    await deliver(h, disputeEvent(h, 'evt_d1', 'charge.dispute.created', 'needs_response', crypto.randomUUID()));
    expect((await h.deps.finance.getChargeback(chargebackIdFor('dp_1')))!.chargeback.caseId).toBeUndefined();
  });
});

describe('finance timers and chargeback decisions', () => {
  it('a refund above the limit left undecided past its deadline escalates once to the finance lead and tells the customer', async () => {
    const h = await financeHarness();
    const { refund } = ok(await proposeRefundOnCase(h.deps, h.theCase.id, actors.agent, refundRequest(9_000_000)));

    h.at(new Date(Date.parse(refund.decisionDue!) - 60_000));
    const early = await runFinanceTimers(h.deps);
    h.at(refund.decisionDue!);
    const due = await runFinanceTimers(h.deps);
    const again = await runFinanceTimers(h.deps);

    expect([early.escalated, due.escalated, again.escalated]).toEqual([0, 1, 0]);
    expect(h.staffMail().map((m) => m.subject)).toContainEqual(expect.stringContaining('[finance_lead] refund decision overdue'));
    expect(h.customerMail().map((m) => m.subject)).toContainEqual(expect.stringContaining('your refund is with our finance lead'));
    // Escalated, not void: finance still decides.
    expect(ok(await decideRefundAs(h.deps, refund.refundId, actors.finance, { outcome: 'approve', reason: 'Verified' })).refund.status).toBe('processing');
  });

  it('an approved refund the provider could not take is asked again by the sweep', async () => {
    const h = await financeHarness();
    h.provider.answer = () => ({ kind: 'unavailable', message: 'down' });
    const refundId = await approvedRefund(h);
    h.provider.answer = (r) => ({ kind: 'accepted', providerRefundId: `re_${r.refundId}`, status: 'pending' });

    await runFinanceTimers(h.deps);

    expect(h.provider.requests.map((r) => r.refundId)).toEqual([refundId, refundId]);
    expect((await h.deps.finance.getRefund(refundId))!.refund.status).toBe('processing');
  });

  it('chargeback reminders fire ahead of the hard deadline; evidence after it is refused and the chargeback expires', async () => {
    const h = await financeHarness(new Date('2026-11-30T10:00:00Z'));
    await deliver(h, disputeEvent(h, 'evt_d1', 'charge.dispute.created', 'needs_response', h.theCase.id));
    const id = chargebackIdFor('dp_1');
    const { chargeback } = (await h.deps.finance.getChargeback(id))!;

    for (const reminder of chargeback.reminders) {
      h.at(reminder.at);
      await runFinanceTimers(h.deps);
    }
    h.at(chargeback.evidenceDueAt);
    const expiry = await runFinanceTimers(h.deps);
    const late = await decideChargebackAs(h.deps, id, actors.finance, { type: 'submitEvidence', reason: 'Delivery proof', evidencePack: { key: 'evidence/x.pdf', sha256: 'a'.repeat(64) } });
    const accepted = await decideChargebackAs(h.deps, id, actors.finance, { type: 'accept', reason: 'Deadline missed' });

    expect(chargeback.reminders.length).toBeGreaterThan(0);
    const after = (await h.deps.finance.getChargeback(id))!;
    expect(after.history.filter((e) => e.type === 'chargeback_reminder_sent')).toHaveLength(chargeback.reminders.length);
    expect(expiry.expired).toBe(1);
    expect(late).toMatchObject({ ok: false });
    expect(accepted).toMatchObject({ ok: true, chargeback: { status: 'accepted' } });
  });

  it('evidence is submitted once, by finance only, and cannot be taken back', async () => {
    const h = await financeHarness(new Date('2026-11-30T10:00:00Z'));
    await deliver(h, disputeEvent(h, 'evt_d1', 'charge.dispute.created', 'needs_response', h.theCase.id));
    const id = chargebackIdFor('dp_1');
    const { evidencePack } = ok(await storeEvidencePack(h.deps, id, actors.finance, { statement: 'The course was delivered.' }));
    const submit = { type: 'submitEvidence' as const, reason: 'Delivery proof attached', evidencePack };

    const byAgent = await decideChargebackAs(h.deps, id, actors.agent, submit);
    const first = await decideChargebackAs(h.deps, id, actors.finance, submit);
    const second = await decideChargebackAs(h.deps, id, actors.finance2, submit);
    const accept = await decideChargebackAs(h.deps, id, actors.finance2, { type: 'accept', reason: 'Changed my mind' });

    expect(byAgent).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(first).toMatchObject({ ok: true, chargeback: { status: 'submitted', submission: { evidencePack: submit.evidencePack } } });
    expect(second).toMatchObject({ ok: false, reason: 'conflict' });
    expect(accept).toMatchObject({ ok: false, reason: 'conflict' });
  });
});
