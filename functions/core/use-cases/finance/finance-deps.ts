import type { Case } from '../../../domain/case';
import { lifecycleOf } from '../../../domain/case';
import type { Chargeback, ChargebackEvent } from '../../../domain/finance/chargeback/model';
import type { ChargebackDecision, ChargebackChanged } from '../../../domain/finance/chargeback/decide';
import { financeNoticeEvent, financeTimelineEvents, type FinanceRecord } from '../../../domain/finance/case-timeline';
import type { FinanceNotification, FinanceRefusal } from '../../../domain/finance/outcome';
import type { PaymentProvider } from '../../../domain/finance/payment-provider';
import type { RefundChanged, RefundOutcome } from '../../../domain/finance/refund/decide';
import type { Refund, RefundEvent, StaffRef } from '../../../domain/finance/refund/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { humanizeVars, type Policy } from '../../../domain/policy';
import type { NotificationTemplate } from '../../../domain/lifecycle/notifications';
import { COMMIT_ATTEMPTS } from '../../commit-loop';
import { chargebackOutboxMessages, outboxMessages, type OutboxContent, type OutboxMessage } from '../../outbox';
import { refused, type Refused } from '../../outcomes';
import { ConcurrentChangeError, type CaseStore, type Clock, type FinanceCaseChange, type FinanceStore, type Notifier, type PolicyBook } from '../../ports';
import { sendOutbox } from '../send-outbox';
import { logger } from '../../logger';

/** What the finance use cases need; each takes the part it uses. */
export interface FinanceDeps {
  finance: FinanceStore;
  cases: CaseStore;
  policies: PolicyBook;
  notifier: Notifier;
  provider: PaymentProvider;
  now: Clock;
}

/** The finance domain's refusal as a use-case refusal (the kinds are the same words); the code stays in the detail. */
export const fromFinance = (r: FinanceRefusal): Refused => refused(r.kind, `${r.detail} (${r.code})`);

/** A staff actor as the finance records name them (no department: a refund is not scoped by it). */
export const staffRefOf = (actor: StaffActor): StaffRef => ({ staffId: actor.staffId, role: actor.role, ...(actor.name ? { name: actor.name } : {}) });

/** Who may read the finance queue, totals and export: finance and supervisors. */
export const mayReadFinance = (actor: StaffActor): boolean => actor.role === 'finance' || actor.role === 'supervisor';
export const financeOnly = (): Refused => refused('forbidden', 'The finance views are for the finance team and supervisors.');

type FinanceEvent = RefundEvent | ChargebackEvent;

export type Committed<T> =
  | { kind: 'missing' }
  | { kind: 'refused'; refusal: FinanceRefusal }
  | { kind: 'unchanged'; record: T; detail: string }
  | { kind: 'committed'; before: T; change: T extends Refund ? RefundChanged : ChargebackChanged; told: Told };

/**
 * What a committed finance decision left to tell: outbox items on its case, or, for a chargeback linked to no
 * complaint, under the chargeback itself (written in the same transaction, sent by the same one sender).
 */
export interface Told {
  outbox: OutboxMessage[];
  /** Only for a notice with no record change and no case to carry it (`tellOnCase`): alerted directly. */
  caseless: FinanceNotification[];
}

/** The customer's side of a chargeback result: "won" is ours, so it is said from the customer's seat. */
const CUSTOMER_OUTCOME: Record<string, string> = {
  won: 'the card network decided the charge stands',
  lost: 'the card network decided in your favour; the amount goes back to your card',
  accepted: 'we accepted the dispute; the amount goes back to your card',
};

const CUSTOMER_TEMPLATES: ReadonlySet<string> = new Set<NotificationTemplate>(['refund_approved', 'refund_rejected', 'refund_succeeded', 'refund_delayed_customer', 'chargeback_outcome']);

/** A finance decision's notices as outbox contents: customer messages from the policy's templates, staff notices by record and case number. */
function outboxContents(caseId: string, record: { kind: 'refund' | 'chargeback'; id: string }, notifications: readonly FinanceNotification[]): OutboxContent[] {
  return notifications.flatMap((n): OutboxContent[] => {
    if (n.to !== 'customer') return [{ kind: 'finance_notice', record, notice: n }];
    if (!CUSTOMER_TEMPLATES.has(n.template)) return [];
    const vars: Record<string, string> = {
      ...(n.facts.amount ? { amount: n.facts.amount } : {}),
      ...(n.facts.reference ? { reference: n.facts.reference } : {}),
      ...(n.facts.reason ? { reason: n.facts.reason } : {}),
      ...(n.facts.outcome ? { outcome: CUSTOMER_OUTCOME[n.facts.outcome] ?? n.facts.outcome } : {}),
    };
    return [{ kind: 'notification', notification: { to: 'customer', template: n.template as NotificationTemplate, caseId, vars } }];
  });
}

const idOf = (record: FinanceRecord) => (record.kind === 'refund' ? record.record.refundId : record.record.chargebackId);

/**
 * The linked case's part of a finance decision, for the finance store to write in the decision's own transaction:
 * the decision's events on the case's timeline (so the customer's page and the staff timeline show "refund approved")
 * and its notices as outbox items numbered by the case's new `eventSeq`, sent by the outbox's one sender. Notices
 * without an event of their own (a provider's refusal) get an internal timeline note, so every decision takes a
 * new `eventSeq` and its outbox keys are new. Every such change marks the case `carriesMoney` (the record is this
 * case's), so the commit that creates a refund or chargeback is the one that lets finance read the case; a case
 * whose record predates the mark gets it with that record's next change. Undefined when there is nothing to write.
 */
export function financeCaseChange(theCase: Case, record: FinanceRecord, events: readonly FinanceEvent[], notifications: readonly FinanceNotification[], at: Date, note?: string): FinanceCaseChange | undefined {
  const timeline = events.length
    ? financeTimelineEvents(theCase.id, theCase.eventSeq, record, events)
    : notifications.length
      ? [financeNoticeEvent(theCase.id, theCase.eventSeq, at.toISOString(), note ?? `${record.kind} ${idOf(record)}: ${notifications.map((n) => n.template.replace(/_/g, ' ')).join(', ')}`)]
      : [];
  if (timeline.length === 0) return undefined;
  const seq = theCase.eventSeq + timeline.length;
  const last = timeline.at(-1)!.at;
  const outbox = outboxMessages(theCase.id, seq, last, outboxContents(theCase.id, { kind: record.kind, id: idOf(record) }, notifications));
  return { read: theCase, change: { state: { ...lifecycleOf(theCase), eventSeq: seq, updatedAt: last, carriesMoney: true }, events: timeline, ...(outbox.length ? { outbox } : {}) } };
}

/** The case a finance record belongs to, when it has one that exists. */
const caseOfRecord = async (cases: CaseStore, caseId: string | undefined): Promise<Case | undefined> => (caseId ? cases.get(caseId) : undefined);

/** Splits what a decision tells into what its case change (or the chargeback's own outbox) carries and what has no case to go through. */
const toldBy = (onCase: FinanceCaseChange | undefined, notifications: readonly FinanceNotification[], own: OutboxMessage[] = []): Told =>
  onCase ? { outbox: onCase.change.outbox ?? [], caseless: [] } : own.length ? { outbox: own, caseless: [] } : { outbox: [], caseless: notifications.filter((n) => n.to !== 'customer') };

/**
 * The staff notices of a decision on a chargeback with no case to carry them, as outbox items under the chargeback
 * (numbered by its `version` after the decision, so each decision's keys are new). A customer message has nobody to
 * go to without a complaint and is dropped, as before.
 */
function chargebackOwnOutbox(chargeback: Chargeback, notifications: readonly FinanceNotification[], at: Date): OutboxMessage[] {
  const record = { kind: 'chargeback' as const, id: chargeback.chargebackId };
  const notices = notifications.filter((n) => n.to !== 'customer').map((notice) => ({ kind: 'finance_notice' as const, record, notice }));
  return chargebackOutboxMessages(chargeback.chargebackId, chargeback.version, at.toISOString(), notices);
}

/**
 * Read → decide → commit for a refund, on the version read, with its case's change in the same transaction; a lost
 * race (the refund or its case moved) decides again on a fresh read (so the second of two simultaneous deciders is
 * refused by the domain as already decided, never silently overwritten).
 */
export async function commitRefundDecision(deps: Pick<FinanceDeps, 'finance' | 'cases' | 'now'>, refundId: string, decide: (refund: Refund) => RefundOutcome): Promise<Committed<Refund>> {
  for (let attempt = 1; ; attempt++) {
    const found = await deps.finance.getRefund(refundId);
    if (!found) return { kind: 'missing' };
    const outcome = decide(found.refund);
    if (!outcome.ok) return { kind: 'refused', refusal: outcome };
    if (!outcome.changed) return { kind: 'unchanged', record: found.refund, detail: outcome.detail };
    const theCase = await caseOfRecord(deps.cases, found.refund.caseId);
    const onCase = theCase && financeCaseChange(theCase, { kind: 'refund', record: outcome.refund }, outcome.events, outcome.notifications, deps.now());
    try {
      await deps.finance.commitRefund(found.refund, outcome.refund, outcome.events, onCase);
      return { kind: 'committed', before: found.refund, change: outcome, told: toldBy(onCase, outcome.notifications) } as Committed<Refund>;
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}

/** The same loop for a chargeback. */
export async function commitChargebackDecision(deps: Pick<FinanceDeps, 'finance' | 'cases' | 'now'>, chargebackId: string, decide: (chargeback: Chargeback) => ChargebackDecision): Promise<Committed<Chargeback>> {
  for (let attempt = 1; ; attempt++) {
    const found = await deps.finance.getChargeback(chargebackId);
    if (!found) return { kind: 'missing' };
    const outcome = decide(found.chargeback);
    if (!outcome.ok) return { kind: 'refused', refusal: outcome };
    if (!outcome.changed) return { kind: 'unchanged', record: found.chargeback, detail: outcome.detail };
    const theCase = await caseOfRecord(deps.cases, found.chargeback.caseId);
    const onCase = theCase && financeCaseChange(theCase, { kind: 'chargeback', record: outcome.chargeback }, outcome.events, outcome.notifications, deps.now());
    const own = onCase ? [] : chargebackOwnOutbox(outcome.chargeback, outcome.notifications, deps.now());
    try {
      await deps.finance.commitChargeback(found.chargeback, outcome.chargeback, outcome.events, onCase, own);
      return { kind: 'committed', before: found.chargeback, change: outcome, told: toldBy(onCase, outcome.notifications, own) } as Committed<Chargeback>;
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}

/**
 * Creates a refund or chargeback with its case's change in the same transaction, retried on a fresh case read when
 * the case moved; 'exists' when the id is taken.
 */
export async function createFinanceRecord(
  deps: Pick<FinanceDeps, 'finance' | 'cases' | 'now'>,
  record: FinanceRecord,
  events: readonly FinanceEvent[],
  notifications: readonly FinanceNotification[],
  caseId: string | undefined,
): Promise<{ kind: 'created'; told: Told } | { kind: 'exists' }> {
  for (let attempt = 1; ; attempt++) {
    const theCase = await caseOfRecord(deps.cases, caseId);
    const onCase = theCase && financeCaseChange(theCase, record, events, notifications, deps.now());
    const own = onCase || record.kind !== 'chargeback' ? [] : chargebackOwnOutbox(record.record, notifications, deps.now());
    try {
      const created =
        record.kind === 'refund'
          ? await deps.finance.createRefund(record.record, events as RefundEvent[], theCase?.caseNumber, onCase)
          : await deps.finance.createChargeback(record.record, events as ChargebackEvent[], theCase?.caseNumber, onCase, own);
      return created === 'exists' ? { kind: 'exists' } : { kind: 'created', told: toldBy(onCase, notifications, own) };
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}

/**
 * Tells a notice that no record change carries (the provider refused a refund request): an internal note on the case
 * with the notice in its outbox, one case commit; without a case, alerted directly.
 */
export async function tellOnCase(deps: Pick<FinanceDeps, 'cases' | 'notifier' | 'policies' | 'now'>, record: FinanceRecord, caseId: string | undefined, notifications: readonly FinanceNotification[], note: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const theCase = await caseOfRecord(deps.cases, caseId);
    const onCase = theCase && financeCaseChange(theCase, record, [], notifications, deps.now(), note);
    try {
      if (onCase) await deps.cases.commit(onCase.read, onCase.change);
      return await sendFinanceOutbox(deps, theCase, toldBy(onCase, notifications), { kind: record.kind, id: idOf(record) });
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}

/**
 * After the commit: sends the decision's outbox items at once through the outbox's one sender (for latency; the
 * change stream and the sweep send whatever this does not, so a crash here delays the mail, never loses or doubles
 * it), a caseless chargeback's own items included. Only a notice that no commit carried and that has no case
 * (`tellOnCase` without one) goes straight to the supervisors' mailbox (logged on failure).
 */
export async function sendFinanceOutbox(deps: Pick<FinanceDeps, 'cases' | 'notifier' | 'policies' | 'now'>, theCase: Case | undefined, told: Told, record?: { kind: 'refund' | 'chargeback'; id: string }): Promise<void> {
  if (told.outbox.length) await sendOutbox({ store: deps.cases, notifier: deps.notifier, policies: deps.policies, now: deps.now }, told.outbox);
  for (const n of told.caseless) {
    const what = n.template.replace(/_/g, ' ');
    const policy: Policy = theCase ? deps.policies.of(theCase.policy) : deps.policies.current();
    const details = Object.entries(humanizeVars(policy, n.facts)).map(([k, v]) => `${k}: ${v}`);
    const name = record ? `${record.kind} ${record.id}` : 'finance record';
    await deps.notifier
      .alertSupervisors(`[${n.to}] ${what}: ${name} (no linked case)`, [`${name}, no linked case: ${what}.`, ...details].join('\n'))
      .catch((e: unknown) => logger.error('finance notice without a case not delivered', { template: n.template, error: (e as Error)?.name }));
  }
}
