import { formatMoney } from '../money-format';
import { refusal, type FinanceNotification, type FinanceRefusal } from '../outcome';
import { RefundCommandSchema, isStaffRef, type FinanceActor, type ProviderRefundStatus, type RefundCommand } from './commands';
import { REFUND_RANK, type Refund, type RefundEvent, type RefundStatus, type StaffRef } from './model';
import type { PaymentRefundRequest } from '../payment-provider';

/** Something the caller must do after committing the decision (the domain does no I/O itself). */
export type RefundEffect = { type: 'request_provider_refund'; request: PaymentRefundRequest };

export interface RefundChanged {
  ok: true;
  changed: true;
  refund: Refund;
  events: RefundEvent[];
  notifications: FinanceNotification[];
  effects: RefundEffect[];
}

/** Acknowledged and nothing changed: a stale or repeated event, or a timer that lost the race to a human. */
export interface RefundUnchanged {
  ok: true;
  changed: false;
  refund: Refund;
  ignored: 'stale' | 'duplicate';
  detail: string;
}

export type RefundOutcome = RefundChanged | RefundUnchanged | FinanceRefusal;

const PROVIDER_STATUS: Record<ProviderRefundStatus, RefundStatus> = {
  pending: 'processing',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'failed',
};

/**
 * The refund's transition function. Pure and deterministic: the same refund, command, actor and instant always give
 * the same outcome, so a retried workflow task or a redelivered webhook is safe. The store commits a change on
 * `version` = the version read, so of two finance users deciding at once exactly one commits.
 */
export function decideRefund(refund: Refund, input: RefundCommand, actor: FinanceActor, now: Date): RefundOutcome {
  const parsed = RefundCommandSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return refusal('invalid', first.path.includes('reason') ? 'reason_required' : 'invalid_input', `${first.path.join('.') || 'command'}: ${first.message}`);
  }
  const command = parsed.data;
  switch (command.type) {
    case 'approve':
    case 'reject':
      return decide(refund, command.type, command.reason, actor, now);
    case 'markSubmitted':
      return markSubmitted(refund, command.providerRefundId, actor, now);
    case 'providerUpdate':
      return providerUpdate(refund, command, actor, now);
    case 'decisionOverdue':
      return decisionOverdue(refund, actor, now);
  }
}

function changed(refund: Refund, patch: Partial<Refund>, events: RefundEvent[], notifications: FinanceNotification[] = [], effects: RefundEffect[] = []): RefundChanged {
  return { ok: true, changed: true, refund: { ...refund, ...patch, version: refund.version + 1 }, events, notifications, effects };
}

const unchanged = (refund: Refund, ignored: RefundUnchanged['ignored'], detail: string): RefundUnchanged => ({ ok: true, changed: false, refund, ignored, detail });

function decide(refund: Refund, outcome: 'approve' | 'reject', reason: string, actor: FinanceActor, now: Date): RefundOutcome {
  if (!isStaffRef(actor)) return refusal('forbidden', 'not_permitted', 'only a staff member decides a refund');
  if (refund.route === 'finance' && actor.role !== 'finance') {
    return refusal('forbidden', 'not_permitted', `this refund needs a finance decision (${refund.routeExplanation})`);
  }
  // Maker–checker: the proposer never decides their own proposal, approval or rejection, whatever their role.
  if (actor.staffId === refund.proposedBy.staffId) {
    return refusal('forbidden', 'maker_checker', 'the staff member who proposed a refund cannot decide it; another person must');
  }
  if (refund.status !== 'requested') {
    return refusal('conflict', 'wrong_state', `the refund is already ${refund.status}${refund.decision ? ` by ${refund.decision.by.name ?? refund.decision.by.staffId}` : ''}`);
  }
  const at = now.toISOString();
  const by: StaffRef = actor;
  const facts = { amount: formatMoney(refund.amount), reference: `${refund.reference.kind} ${refund.reference.value}` };
  if (outcome === 'reject') {
    return changed(
      refund,
      { status: 'rejected', decision: { outcome: 'rejected', by, at, reason } },
      [{ type: 'refund_rejected', refundId: refund.refundId, at, actor: by, reason, facts }],
      [
        { to: 'proposer', template: 'refund_rejected', facts: { ...facts, reason } },
        { to: 'customer', template: 'refund_rejected', facts: { ...facts, reason } },
      ],
    );
  }
  return changed(
    refund,
    { status: 'approved', decision: { outcome: 'approved', by, at, reason } },
    [{ type: 'refund_approved', refundId: refund.refundId, at, actor: by, reason, facts }],
    [{ to: 'customer', template: 'refund_approved', facts }],
    [
      {
        type: 'request_provider_refund',
        request: { refundId: refund.refundId, amount: refund.amount, reference: refund.reference, reason: refund.reason },
      },
    ],
  );
}

function markSubmitted(refund: Refund, providerRefundId: string, actor: FinanceActor, now: Date): RefundOutcome {
  if (isStaffRef(actor)) return refusal('forbidden', 'not_permitted', 'only the workflow records the provider submission');
  if (refund.status === 'approved') {
    const at = now.toISOString();
    return changed(refund, { status: 'processing', provider: { ...refund.provider, refundId: providerRefundId } }, [
      { type: 'refund_submitted', refundId: refund.refundId, at, actor: { role: 'system' }, facts: { providerRefundId } },
    ]);
  }
  if (REFUND_RANK[refund.status] >= REFUND_RANK.processing && refund.status !== 'rejected') {
    // The provider's webhook arrived before the port's answer: keep the later status, only learn the provider's id.
    if (!refund.provider.refundId) return changed(refund, { provider: { ...refund.provider, refundId: providerRefundId } }, []);
    return unchanged(refund, 'duplicate', 'the submission is already recorded');
  }
  return refusal('conflict', 'wrong_state', `a ${refund.status} refund is not sent to the provider`);
}

type ProviderUpdate = Extract<RefundCommand, { type: 'providerUpdate' }>;

function providerUpdate(refund: Refund, u: ProviderUpdate, actor: FinanceActor, now: Date): RefundOutcome {
  if (actor.role !== 'provider') return refusal('forbidden', 'not_permitted', 'provider updates come only from verified provider events');
  if (refund.provider.lastEventId === u.eventId) return unchanged(refund, 'duplicate', `event ${u.eventId} was already applied`);
  const at = now.toISOString();
  const anomaly = (what: string): RefundChanged =>
    changed(
      refund,
      { provider: { ...refund.provider, lastEventId: u.eventId } },
      [{ type: 'refund_provider_anomaly', refundId: refund.refundId, at, actor: { role: 'provider' }, reason: what, facts: { eventId: u.eventId, providerStatus: u.status } }],
      [{ to: 'finance', template: 'provider_anomaly', facts: { refundId: refund.refundId, detail: what } }],
    );
  if (refund.provider.refundId && refund.provider.refundId !== u.providerRefundId) {
    return anomaly(`the provider reports refund ${u.providerRefundId}, but this refund was submitted as ${refund.provider.refundId}`);
  }
  if (u.amount && (u.amount.currency !== refund.amount.currency || u.amount.amountMinor !== refund.amount.amountMinor)) {
    return anomaly(`the provider reports ${formatMoney(u.amount)}, but ${formatMoney(refund.amount)} was approved`);
  }
  if (refund.status === 'requested' || refund.status === 'rejected') {
    return anomaly(`the provider reports the refund ${u.status}, but it was never approved here (status ${refund.status})`);
  }
  const target = PROVIDER_STATUS[u.status];
  if (target === refund.status) return unchanged(refund, 'duplicate', `the refund is already ${target}`);
  if (REFUND_RANK[target] < REFUND_RANK[refund.status]) {
    return unchanged(refund, 'stale', `a ${u.status} event after the refund reached ${refund.status} changes nothing (out of order)`);
  }
  if (REFUND_RANK[target] === REFUND_RANK[refund.status]) {
    return anomaly(`the provider reports the refund ${u.status} after it was ${refund.status}`);
  }
  const provider = { refundId: u.providerRefundId, lastEventId: u.eventId, lastEventAt: u.occurredAt };
  const facts = { amount: formatMoney(refund.amount), providerRefundId: u.providerRefundId };
  const event = (type: RefundEvent['type'], reason?: string): RefundEvent => ({
    type,
    refundId: refund.refundId,
    at,
    actor: { role: 'provider' },
    ...(reason ? { reason } : {}),
    facts,
  });
  if (target === 'processing') return changed(refund, { status: 'processing', provider }, [event('refund_processing')]);
  if (target === 'succeeded') {
    return changed(refund, { status: 'succeeded', provider, settledAt: u.occurredAt }, [event('refund_succeeded')], [
      { to: 'customer', template: 'refund_succeeded', facts },
    ]);
  }
  const failureReason = u.failureReason ?? (u.status === 'canceled' ? 'canceled by the provider' : 'unknown');
  return changed(refund, { status: 'failed', provider, settledAt: u.occurredAt, failureReason }, [event('refund_failed', failureReason)], [
    { to: 'finance', template: 'refund_failed', facts: { ...facts, reason: failureReason } },
    { to: 'assignee', template: 'refund_failed', facts: { ...facts, reason: failureReason } },
  ]);
}

function decisionOverdue(refund: Refund, actor: FinanceActor, now: Date): RefundOutcome {
  if (actor.role !== 'system') return refusal('forbidden', 'not_permitted', 'only the workflow reports an overdue decision');
  if (refund.status !== 'requested') return unchanged(refund, 'stale', `the refund was ${refund.status} before the timer fired`);
  if (refund.escalatedAt) return unchanged(refund, 'duplicate', 'the overdue decision was already escalated');
  if (!refund.decisionDue || now.getTime() < Date.parse(refund.decisionDue)) {
    return refusal('conflict', 'not_due', refund.decisionDue ? `the finance decision is due at ${refund.decisionDue}` : 'this refund has no finance deadline');
  }
  const at = now.toISOString();
  const facts = { amount: formatMoney(refund.amount), dueAt: refund.decisionDue };
  return changed(
    refund,
    { escalatedAt: at },
    [{ type: 'refund_decision_overdue', refundId: refund.refundId, at, actor: { role: 'system' }, facts }],
    [
      { to: 'finance_lead', template: 'refund_decision_overdue', facts },
      // The customer hears what happens next: the request is with the finance lead, not lost.
      { to: 'customer', template: 'refund_delayed_customer', facts: { amount: facts.amount } },
    ],
  );
}
