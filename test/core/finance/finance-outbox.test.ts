import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb-case-store';
import { DynamoFinanceStore } from '../../../functions/adapters/dynamodb-finance-store';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../../functions/adapters/notifier';
import { IDEMPOTENCY_HEADER, OUTBOX_LEASE_SECONDS } from '../../../functions/core/outbox';
import { policyBook } from '../../../functions/core/policy-book';
import type { OutboxMessage } from '../../../functions/core/outbox';
import type { OutboxRef } from '../../../functions/core/ports';
import { decideRefundAs } from '../../../functions/core/use-cases/finance/decide-refund';
import type { FinanceDeps } from '../../../functions/core/use-cases/finance/finance-deps';
import { proposeRefundOnCase } from '../../../functions/core/use-cases/finance/propose-refund';
import { sendDueOutbox, sendOutboxMessage } from '../../../functions/core/use-cases/send-outbox';
import { customerView } from '../../../functions/domain/lifecycle/events';
import { confirmSentMail } from '../../../functions/core/use-cases/confirm-sent-mail';
import { decideChargebackAs } from '../../../functions/core/use-cases/finance/decide-chargeback';
import { chargebackIdFor, receivePaymentWebhook } from '../../../functions/core/use-cases/finance/receive-payment-webhook';
import { signatureHeader } from '../../../functions/domain/finance/webhooks/signature';
import { startTestDb, type TestDb } from '../../adapters/dynamodb-local';
import { openedCase } from '../../api/fixtures';
import { actors, refundRequest, ScriptedProvider, STAFF_MAILBOX } from './finance-harness';
import { testCustomerIndex } from '../../support/customer-index';

/**
 * Finance notices through the outbox, on DynamoDB Local: written in the finance decision's own transaction, sent by
 * the outbox's one sender, so a sender that dies after the commit delays the notice and never loses or doubles it.
 */

/** A case store whose sender dies right after claiming a message: the claim is written, nothing after it happens. */
class DiesAfterClaim extends DynamoCaseStore {
  override async claimOutbox(ref: OutboxRef, claim: { claimId: string; now: string; leaseUntil: string }): Promise<OutboxMessage | undefined> {
    await super.claimOutbox(ref, claim);
    throw Object.assign(new Error('the Lambda died after the claim'), { name: 'SenderDied' });
  }
}

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

async function setup() {
  let now = new Date('2026-11-27T14:00:00Z');
  const clock = () => now;
  const opened = openedCase(crypto.randomUUID(), new Date(now.getTime() - 3_600_000));
  const cases = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
  await cases.create(opened.theCase, opened.firstEvent);
  const mailer = new RecordingMailer(clock);
  const deps: FinanceDeps & { newId: () => string } = {
    finance: new DynamoFinanceStore(db.doc, db.tableName, testCustomerIndex),
    cases,
    policies: policyBook(opened.policy),
    notifier: new PolicyNotifier(mailer, 'https://complaints.example', STAFF_MAILBOX),
    provider: new ScriptedProvider(),
    now: clock,
    newId: () => crypto.randomUUID(),
  };
  /** Every outbox item of the case, sent or not, straight from the table. */
  const outboxItems = async () => {
    const out = await db.doc.send(
      new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)', ExpressionAttributeValues: { ':pk': `CASE#${opened.theCase.id}`, ':o': 'OUTBOX#' }, ConsistentRead: true }),
    );
    return (out.Items ?? []) as { key: string; template: string; to: string; sentAt?: string }[];
  };
  const sender = { store: cases, notifier: deps.notifier, policies: deps.policies, now: clock };
  return {
    deps,
    sender,
    theCase: opened.theCase,
    mailer,
    outboxItems,
    // This case's customer mail only: the sweep is table-wide, and every fixture case has the same customer.
    customerMail: () => mailer.sent.filter((m) => m.to === opened.theCase.customer.email && m.caseId === opened.theCase.id),
    advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)),
  };
}

const ok = <T extends { ok: boolean }>(o: T) => {
  if (!o.ok) throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o as Extract<T, { ok: true }>;
};

describe('finance notices through the outbox (DynamoDB Local)', () => {
  it('a refund decision whose sender dies after the commit still tells the customer, exactly once, and shows on the timeline', async () => {
    // Prepare: a refund above the agent limit, waiting for finance
    const s = await setup();
    const { refund } = ok(await proposeRefundOnCase(s.deps, s.theCase.id, actors.agent, refundRequest(9_000_000)));
    const mailBefore = s.customerMail().length;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);

    // Act: finance approves; the request's own sender dies after claiming each message
    const decided = ok(await decideRefundAs({ ...s.deps, cases: new DiesAfterClaim(db.doc, db.tableName, testCustomerIndex) }, refund.refundId, actors.finance, { outcome: 'approve', reason: 'Payment verified' }));
    const afterCrash = s.customerMail().length - mailBefore;
    // The change stream delivers each new outbox item (at least once: twice here) while the dead sender's lease holds
    const items = await s.deps.cases.pendingOutbox(s.theCase.id);
    const replayed = [];
    for (const item of [...items, ...items]) replayed.push(await sendOutboxMessage(s.sender, item));
    const beforeLease = await sendDueOutbox(s.sender);
    // The lease runs out: the sweep sends; later sweeps find nothing
    s.advance(OUTBOX_LEASE_SECONDS + 1);
    const sweep = await sendDueOutbox(s.sender);
    s.advance(3600);
    const again = await sendDueOutbox(s.sender);

    // Assess
    expect(decided.refund.decision).toMatchObject({ outcome: 'approved' });
    expect(afterCrash).toBe(0);
    expect(replayed.every((r) => r === 'skipped')).toBe(true);
    expect(beforeLease.sent).toBe(0);
    expect(sweep.sent).toBeGreaterThanOrEqual(1);
    expect(again.sent).toBe(0);
    expect((await s.outboxItems()).filter((i) => !i.sentAt)).toEqual([]);
    const told = s.customerMail().slice(mailBefore);
    expect(told.map((m) => m.subject)).toEqual([expect.stringContaining('is approved')]);
    const approvalItem = (await s.outboxItems()).find((i) => i.template === 'refund_approved');
    expect(told[0]!.headers?.[IDEMPOTENCY_HEADER]).toBe(approvalItem?.key);
    expect(approvalItem?.sentAt).toEqual(expect.any(String));
    const timeline = (await s.deps.cases.getWithTimeline(s.theCase.id))!.timeline;
    expect(customerView(timeline).filter((e) => e.type === 'finance_update').map((e) => [e.summary, e.actor])).toEqual([['Refund of NGN 90000.00 approved', 'Payments team']]);
    expect(timeline.filter((e) => e.type === 'finance_update').map((e) => e.summary)).toEqual([
      'Refund of NGN 90000.00 proposed',
      'Refund of NGN 90000.00 approved',
      'Refund of NGN 90000.00 sent to the payment provider',
    ]);
  });

  it('two finance users deciding at once: one wins, one 409, one outbox item for the customer, one email', async () => {
    const s = await setup();
    const { refund } = ok(await proposeRefundOnCase(s.deps, s.theCase.id, actors.agent, refundRequest(9_000_000)));

    const outcomes = await Promise.all([
      decideRefundAs(s.deps, refund.refundId, actors.finance, { outcome: 'approve', reason: 'Payment verified' }),
      decideRefundAs(s.deps, refund.refundId, actors.finance2, { outcome: 'reject', reason: 'Not eligible' }),
    ]);
    // Whatever the request did not send, the sweep would: nothing of this case is left for it.
    s.advance(OUTBOX_LEASE_SECONDS + 1);
    await sendDueOutbox(s.sender);

    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ reason: 'conflict' })]);
    const customerItems = (await s.outboxItems()).filter((i) => i.to === 'customer');
    expect(customerItems.map((i) => i.template)).toHaveLength(1);
    expect(['refund_approved', 'refund_rejected']).toContain(customerItems[0]!.template);
    expect((await s.outboxItems()).filter((i) => !i.sentAt)).toEqual([]);
    expect(s.customerMail()).toHaveLength(1);
    expect(s.customerMail()[0]!.headers?.[IDEMPOTENCY_HEADER]).toBe(customerItems[0]!.key);
  });

  it('a chargeback linked to no complaint keeps its staff notices in its own outbox: a sender dying after the claim still mails finance exactly once', async () => {
    // Prepare: a dispute for a charge no complaint of ours names, delivered while every sender dies after its claim
    const s = await setup();
    const secret = 'whsec_outbox_test';
    const disputeId = `dp_${crypto.randomUUID().slice(0, 8)}`;
    const chargebackId = chargebackIdFor(disputeId);
    const unix = Math.floor(s.deps.now().getTime() / 1000);
    const rawBody = JSON.stringify({
      id: `evt_${disputeId}`,
      type: 'charge.dispute.created',
      created: unix,
      data: { object: { id: disputeId, amount: 1_500_000, currency: 'ngn', charge: 'ch_unknown', reason: 'fraudulent', status: 'needs_response', evidence_details: { due_by: unix + 5 * 86_400 }, metadata: {} } },
    });
    const dying = { ...s.deps, cases: new DiesAfterClaim(db.doc, db.tableName, testCustomerIndex) };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ownItems = async () => {
      const out = await db.doc.send(
        new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)', ExpressionAttributeValues: { ':pk': `CHARGEBACK#${chargebackId}`, ':o': 'OUTBOX#' }, ConsistentRead: true }),
      );
      return (out.Items ?? []) as (OutboxMessage & { sentAt?: string })[];
    };
    const finance = () => s.mailer.sent.filter((m) => m.to === STAFF_MAILBOX && m.subject.includes(chargebackId));

    // Act: opened by the provider's event, then accepted by finance; each time the request's sender dies after claiming
    const opened = await receivePaymentWebhook({ ...dying, secrets: [secret] }, { rawBody, signature: signatureHeader(rawBody, secret, unix) });
    const accepted = await decideChargebackAs({ ...dying, files: { readCaseFile: async () => undefined } }, chargebackId, actors.finance, { type: 'accept', reason: 'Not worth contesting' });
    const afterCrash = finance().length;
    // The change stream delivers each new item (twice here) while the dead senders' leases hold; then the sweep
    const items = (await ownItems()).filter((i) => !i.sentAt);
    const replayed = [];
    for (const item of [...items, ...items]) replayed.push(await sendOutboxMessage(s.sender, item));
    s.advance(OUTBOX_LEASE_SECONDS + 1);
    await sendDueOutbox(s.sender);
    s.advance(3600);
    await sendDueOutbox(s.sender);
    // SES's "Email Sent" confirmation of a mail already marked changes nothing
    const confirmed = await confirmSentMail({ store: s.deps.cases }, finance().map((m) => ({ key: m.headers![IDEMPOTENCY_HEADER]!, at: s.deps.now().toISOString(), messageId: 'ses-1' })));

    // Assess: one mail per notice, each carrying its item's key, every item sent; no item under any case
    expect(opened).toMatchObject({ ok: true, handled: 'applied' });
    expect(accepted).toMatchObject({ ok: true, chargeback: { status: 'accepted' } });
    expect(afterCrash).toBe(0);
    expect(replayed.every((r) => r === 'skipped')).toBe(true);
    const all = await ownItems();
    expect(all.map((i) => [i.template, i.to, i.caseId])).toEqual([
      ['chargeback_opened', 'finance', undefined],
      ['chargeback_outcome', 'finance', undefined],
    ]);
    expect(all.every((i) => i.sentAt && i.key.startsWith(`chargeback-${chargebackId}.`))).toBe(true);
    expect(finance().map((m) => [m.subject, m.headers?.[IDEMPOTENCY_HEADER]])).toEqual(all.map((i) => [expect.stringContaining('(no linked case)'), i.key]));
    expect(confirmed).toEqual({ confirmed: 0, already: 2, foreign: 0 });
  });
});
