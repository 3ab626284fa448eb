import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, type CaseStore, type FinanceStore } from '../../functions/core/ports';
import { chargebackOutboxMessages } from '../../functions/core/outbox';
import { financeCaseChange } from '../../functions/core/use-cases/finance/finance-deps';
import { financeNoticeEvent } from '../../functions/domain/finance/case-timeline';
import { lifecycleOf } from '../../functions/domain/case';
import { openedCase } from '../api/fixtures';
import { decideRefund } from '../../functions/domain/finance/refund/decide';
import { proposeRefund } from '../../functions/domain/finance/refund/propose';
import { openChargeback } from '../../functions/domain/finance/chargeback/open';
import { decideChargeback } from '../../functions/domain/finance/chargeback/decide';
import type { Refund, StaffRef } from '../../functions/domain/finance/refund/model';
import { financeSettings, mustBeOk, promptearn, staff, system } from '../domain/finance/helpers';

/**
 * What every FinanceStore must do, run against each implementation (DynamoDB Local, in memory): records with their
 * history, commits guarded by the version read (of two deciders exactly one wins), the pending queue by due date.
 */
export function financeStoreContract(name: string, store: () => FinanceStore, cases: () => CaseStore) {
  const policy = promptearn();
  const settings = financeSettings();
  const friday = new Date('2026-11-27T14:00:00Z');
  const id = () => crypto.randomUUID();

  const proposed = (amountMinor: number, caseId: string = id()): Refund =>
    mustBeOk(
      proposeRefund({ refundId: id(), caseId, amount: { amountMinor, currency: 'NGN' }, reason: 'Course never delivered', reference: { kind: 'order', value: 'ORD-1' } }, staff.agent, friday, settings.refunds, policy),
    ).refund;
  const approve = (refund: Refund, by: StaffRef = staff.finance) => {
    const outcome = mustBeOk(decideRefund(refund, { type: 'approve', reason: 'Payment verified' }, by, friday));
    if (!outcome.changed) throw new Error('expected a change');
    return outcome;
  };

  describe(`FinanceStore contract: ${name}`, () => {
    it('keeps a refund with its history and case number, and refuses a second record with the same id', async () => {
      // Prepare
      const refund = proposed(6_000_000);
      // Act
      const first = await store().createRefund(refund, [{ type: 'refund_proposed', refundId: refund.refundId, at: refund.proposedAt, actor: staff.agent, facts: {} }], 'PE-2026-000001');
      const again = await store().createRefund(refund, []);
      const read = await store().getRefund(refund.refundId);
      // Assess
      expect([first, again]).toEqual(['created', 'exists']);
      expect(read?.refund).toEqual(refund);
      expect(read?.history.map((e) => e.type)).toEqual(['refund_proposed']);
      const entry = (await store().entries()).find((e) => e.id === refund.refundId);
      expect(entry).toMatchObject({ kind: 'refund', caseNumber: 'PE-2026-000001', status: 'requested', pending: true, due: refund.decisionDue, route: 'finance' });
      expect(await store().getRefund('no-such-refund')).toBeUndefined();
    });

    it('of two decisions taken on the same version, exactly one commits', async () => {
      const refund = proposed(6_000_000);
      await store().createRefund(refund, []);
      const a = approve(refund, staff.finance);
      const b = approve(refund, staff.finance2);

      const results = await Promise.allSettled([store().commitRefund(refund, a.refund, a.events), store().commitRefund(refund, b.refund, b.events)]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConcurrentChangeError);
      const read = await store().getRefund(refund.refundId);
      expect(read?.refund.version).toBe(1);
      expect(read?.history.filter((e) => e.type === 'refund_approved')).toHaveLength(1);
    });

    it('a commit on a stale version is refused and changes nothing', async () => {
      const refund = proposed(6_000_000);
      await store().createRefund(refund, []);
      const approved = approve(refund);
      await store().commitRefund(refund, approved.refund, approved.events);

      const stale = mustBeOk(decideRefund(refund, { type: 'reject', reason: 'Not eligible' }, staff.finance2, friday));
      if (!stale.changed) throw new Error('expected a change');
      await expect(store().commitRefund(refund, stale.refund, stale.events)).rejects.toBeInstanceOf(ConcurrentChangeError);

      expect((await store().getRefund(refund.refundId))?.refund.status).toBe('approved');
    });

    it('lists pending records by due date and drops a record from the queue once it needs nobody', async () => {
      const later = proposed(6_000_000);
      const sooner = mustBeOk(
        openChargeback(
          { chargebackId: id(), transactionReference: 'ch_1', amount: { amountMinor: 1000, currency: 'USD' }, reason: 'fraudulent', evidenceDueBy: '2026-11-28T10:00:00.000Z' },
          staff.finance,
          friday,
          settings.chargebacks!,
          policy,
        ),
      ).chargeback;
      await store().createRefund(later, []);
      await store().createChargeback(sooner, []);

      const ids = (await store().pending()).map((e) => e.id);
      expect(ids.indexOf(sooner.chargebackId)).toBeLessThan(ids.indexOf(later.refundId));
      expect(ids.indexOf(sooner.chargebackId)).toBeGreaterThanOrEqual(0);

      const accepted = mustBeOk(decideChargeback(sooner, { type: 'accept', reason: 'Customer is right' }, staff.finance, friday));
      if (!accepted.changed) throw new Error('expected a change');
      await store().commitChargeback(sooner, accepted.chargeback, accepted.events);
      const rejected = mustBeOk(decideRefund(later, { type: 'reject', reason: 'Not eligible' }, staff.finance, friday));
      if (!rejected.changed) throw new Error('expected a change');
      await store().commitRefund(later, rejected.refund, rejected.events);

      const after = (await store().pending()).map((e) => e.id);
      expect(after).not.toContain(sooner.chargebackId);
      expect(after).not.toContain(later.refundId);
      expect((await store().getChargeback(sooner.chargebackId))?.chargeback).toMatchObject({ status: 'accepted', version: 1 });
      expect((await store().entries()).find((e) => e.id === sooner.chargebackId)).toMatchObject({ status: 'accepted', pending: false });
    });

    it('finds a refund by the provider refund id once the provider took it', async () => {
      const refund = proposed(1000);
      await store().createRefund(refund, []);
      const approved = approve(refund, staff.agent2);
      await store().commitRefund(refund, approved.refund, approved.events);
      const providerId = `re_${id()}`;
      const submitted = mustBeOk(decideRefund(approved.refund, { type: 'markSubmitted', providerRefundId: providerId }, system, friday));
      if (!submitted.changed) throw new Error('expected a change');
      await store().commitRefund(approved.refund, submitted.refund, submitted.events);

      expect(await store().refundIdForProvider(providerId)).toBe(refund.refundId);
      expect(await store().refundIdForProvider('re_unknown')).toBeUndefined();
    });

    it("writes a decision's case change in the same transaction: timeline events and outbox items with the record", async () => {
      // Prepare: a case, and a refund on it proposed with its own case change
      const { theCase, firstEvent } = openedCase();
      await cases().create(theCase, firstEvent);
      const refund = proposed(6_000_000, theCase.id);
      const created = await store().createRefund(refund, [], theCase.caseNumber, financeCaseChange(theCase, { kind: 'refund', record: refund }, [{ type: 'refund_proposed', refundId: refund.refundId, at: refund.proposedAt, actor: staff.agent, facts: {} }], [{ to: 'finance', template: 'refund_awaiting_finance', facts: {} }], friday));
      const afterProposal = (await cases().get(theCase.id))!;
      const approved = approve(refund);
      // Act
      await store().commitRefund(refund, approved.refund, approved.events, financeCaseChange(afterProposal, { kind: 'refund', record: approved.refund }, approved.events, approved.notifications, friday));
      // Assess
      expect(created).toBe('created');
      const read = await cases().getWithTimeline(theCase.id);
      expect(read?.theCase.eventSeq).toBe(theCase.eventSeq + 2);
      // The case now carries money (finance reads it whatever its category): marked by the same write.
      expect(theCase.lifecycle.carriesMoney).toBeUndefined();
      expect(afterProposal.lifecycle.carriesMoney).toBe(true);
      expect(read?.timeline.filter((e) => e.type === 'finance_update').map((e) => [e.summary, e.visibility])).toEqual([
        ['Refund of NGN 60000.00 proposed', 'internal'],
        ['Refund of NGN 60000.00 approved', 'customer'],
      ]);
      const outbox = await cases().pendingOutbox(theCase.id);
      expect(outbox[0]).toMatchObject({ seq: theCase.eventSeq + 1, template: 'refund_awaiting_finance', to: 'finance' });
      expect(outbox.slice(1).map((m) => [m.seq, m.template, m.to])).toEqual(approved.notifications.map((n) => [theCase.eventSeq + 2, n.template, n.to]));
      expect(outbox.map((m) => m.to)).toContain('customer');
      expect((await store().getRefund(refund.refundId))?.refund.status).toBe('approved');
    });

    it('a decision whose case moved since it was read commits nothing: not the record, not the timeline, not the outbox', async () => {
      const { theCase, firstEvent } = openedCase();
      await cases().create(theCase, firstEvent);
      const refund = proposed(6_000_000, theCase.id);
      await store().createRefund(refund, []);
      const approved = approve(refund);
      const onCase = financeCaseChange(theCase, { kind: 'refund', record: approved.refund }, approved.events, approved.notifications, friday);
      // The case moves in between (another finance decision, a staff action): its eventSeq is no longer the one read.
      const other = approve(proposed(1000, theCase.id));
      await cases().commit(theCase, financeCaseChange(theCase, { kind: 'refund', record: other.refund }, other.events, [], friday)!.change);

      await expect(store().commitRefund(refund, approved.refund, approved.events, onCase)).rejects.toBeInstanceOf(ConcurrentChangeError);
      await expect(store().createRefund(proposed(1000, theCase.id), [], undefined, onCase)).rejects.toBeInstanceOf(ConcurrentChangeError);

      expect((await store().getRefund(refund.refundId))?.refund.status).toBe('requested');
      expect((await cases().get(theCase.id))?.eventSeq).toBe(theCase.eventSeq + 1);
      expect(await cases().pendingOutbox(theCase.id)).toEqual([]);
    });

    it('a refund created on a case that moved since it was read writes neither the refund nor the case\'s money mark', async () => {
      // Prepare: the case as read, then moved by another write (a staff note, say) that carries no money
      const { theCase, firstEvent } = openedCase();
      await cases().create(theCase, firstEvent);
      const at = friday.toISOString();
      await cases().commit(theCase, { state: { ...lifecycleOf(theCase), eventSeq: theCase.eventSeq + 1, updatedAt: at }, events: [financeNoticeEvent(theCase.id, theCase.eventSeq, at, 'Checked the ledger.')] });
      const refund = proposed(1000, theCase.id);
      const onCase = financeCaseChange(theCase, { kind: 'refund', record: refund }, [{ type: 'refund_proposed', refundId: refund.refundId, at, actor: staff.agent, facts: {} }], [], friday);
      // Act + Assess
      await expect(store().createRefund(refund, [], theCase.caseNumber, onCase)).rejects.toBeInstanceOf(ConcurrentChangeError);
      expect(await store().getRefund(refund.refundId)).toBeUndefined();
      expect((await cases().get(theCase.id))?.lifecycle.carriesMoney).toBeUndefined();
    });

    it("keeps a caseless chargeback's notices in its own outbox, with the record and only with it (a stale version writes neither)", async () => {
      // Prepare: a chargeback no complaint is linked to, opened with its notice as its own outbox item
      const chargebackId = `cb_${id()}`;
      const opened = mustBeOk(openChargeback({ chargebackId, transactionReference: 'ch_1', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'fraudulent' }, staff.agent, friday, settings.chargebacks!, policy));
      const notice = (template: 'chargeback_opened' | 'chargeback_outcome', version: number) =>
        chargebackOutboxMessages(chargebackId, version, friday.toISOString(), [{ kind: 'finance_notice', record: { kind: 'chargeback', id: chargebackId }, notice: { to: 'finance', template, facts: {} } }]);
      await store().createChargeback(opened.chargeback, opened.events, undefined, undefined, notice('chargeback_opened', opened.chargeback.version));
      const accepted = mustBeOk(decideChargeback(opened.chargeback, { type: 'accept', reason: 'Not worth contesting' }, staff.finance, friday));
      if (!accepted.changed) throw new Error('expected a change');
      // Act: the decision commits with its notice; the same decision again, on the stale version, is refused
      await store().commitChargeback(opened.chargeback, accepted.chargeback, accepted.events, undefined, notice('chargeback_outcome', accepted.chargeback.version));
      const stale = store().commitChargeback(opened.chargeback, accepted.chargeback, accepted.events, undefined, notice('chargeback_outcome', accepted.chargeback.version + 7));
      // Assess: both items due for the one sender, claimable and marked by their own reference
      await expect(stale).rejects.toBeInstanceOf(ConcurrentChangeError);
      const due = (await cases().dueOutbox(new Date(friday.getTime() + 1000).toISOString(), 1000)).filter((m) => m.chargebackId === chargebackId);
      expect(due.map((m) => [m.template, m.seq, m.caseId])).toEqual([
        ['chargeback_opened', opened.chargeback.version, undefined],
        ['chargeback_outcome', accepted.chargeback.version, undefined],
      ]);
      const claimed = await cases().claimOutbox(due[0]!, { claimId: 'c1', now: new Date(friday.getTime() + 1000).toISOString(), leaseUntil: new Date(friday.getTime() + 121_000).toISOString() });
      expect(claimed).toMatchObject({ key: `chargeback-${chargebackId}.${opened.chargeback.version}.0.chargeback_opened.finance`, attempts: 1 });
      expect(await cases().markOutboxSent(due[0]!, { claimId: 'c1', at: friday.toISOString() })).toBe(true);
      expect(await cases().markOutboxSent(due[0]!, { claimId: 'c2', at: friday.toISOString() })).toBe(false);
    });

    it('remembers a webhook event id until the time given', async () => {
      const eventId = `evt_${id()}`;
      expect(await store().webhookSeen(eventId)).toBe(false);
      await store().rememberWebhook(eventId, new Date(Date.now() + 3_600_000));
      await store().rememberWebhook(`${eventId}-old`, new Date(Date.now() - 3_600_000));
      expect(await store().webhookSeen(eventId)).toBe(true);
      expect(await store().webhookSeen(`${eventId}-old`)).toBe(false);
    });
  });
}
