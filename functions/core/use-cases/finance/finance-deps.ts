import type { Case } from '../../../domain/case';
import type { Chargeback } from '../../../domain/finance/chargeback/model';
import type { ChargebackDecision, ChargebackChanged } from '../../../domain/finance/chargeback/decide';
import type { FinanceNotification, FinanceRefusal } from '../../../domain/finance/outcome';
import type { PaymentProvider } from '../../../domain/finance/payment-provider';
import type { RefundChanged, RefundOutcome } from '../../../domain/finance/refund/decide';
import type { Refund, StaffRef } from '../../../domain/finance/refund/model';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { humanizeVars, type Policy } from '../../../domain/policy';
import type { NotificationTemplate } from '../../../domain/lifecycle/notifications';
import { COMMIT_ATTEMPTS } from '../../commit-loop';
import { refused, type Refused } from '../../outcomes';
import { ConcurrentChangeError, type CaseStore, type Clock, type FinanceStore, type Notifier, type PolicyBook } from '../../ports';
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

export type Committed<T> = { kind: 'missing' } | { kind: 'refused'; refusal: FinanceRefusal } | { kind: 'unchanged'; record: T; detail: string } | { kind: 'committed'; before: T; change: T extends Refund ? RefundChanged : ChargebackChanged };

/**
 * Read → decide → commit for a refund, on the version read; a lost race decides again on a fresh read (so the second
 * of two simultaneous deciders is refused by the domain as already decided, never silently overwritten).
 */
export async function commitRefundDecision(store: FinanceStore, refundId: string, decide: (refund: Refund) => RefundOutcome): Promise<Committed<Refund>> {
  for (let attempt = 1; ; attempt++) {
    const found = await store.getRefund(refundId);
    if (!found) return { kind: 'missing' };
    const outcome = decide(found.refund);
    if (!outcome.ok) return { kind: 'refused', refusal: outcome };
    if (!outcome.changed) return { kind: 'unchanged', record: found.refund, detail: outcome.detail };
    try {
      await store.commitRefund(found.refund, outcome.refund, outcome.events);
      return { kind: 'committed', before: found.refund, change: outcome } as Committed<Refund>;
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}

/** The same loop for a chargeback. */
export async function commitChargebackDecision(store: FinanceStore, chargebackId: string, decide: (chargeback: Chargeback) => ChargebackDecision): Promise<Committed<Chargeback>> {
  for (let attempt = 1; ; attempt++) {
    const found = await store.getChargeback(chargebackId);
    if (!found) return { kind: 'missing' };
    const outcome = decide(found.chargeback);
    if (!outcome.ok) return { kind: 'refused', refusal: outcome };
    if (!outcome.changed) return { kind: 'unchanged', record: found.chargeback, detail: outcome.detail };
    try {
      await store.commitChargeback(found.chargeback, outcome.chargeback, outcome.events);
      return { kind: 'committed', before: found.chargeback, change: outcome } as Committed<Chargeback>;
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}

/** The customer's side of a chargeback result: "won" is ours, so it is said from the customer's seat. */
const CUSTOMER_OUTCOME: Record<string, string> = {
  won: 'the card network decided the charge stands',
  lost: 'the card network decided in your favour; the amount goes back to your card',
  accepted: 'we accepted the dispute; the amount goes back to your card',
};

const CUSTOMER_TEMPLATES: ReadonlySet<string> = new Set<NotificationTemplate>(['refund_approved', 'refund_rejected', 'refund_succeeded', 'refund_delayed_customer', 'chargeback_outcome']);

/**
 * Sends what a finance decision asks to tell, after its commit, through the one notifier: customer messages from the
 * policy's templates on the linked case (none without a case), staff notices to the staff mailbox naming the record
 * and case number only. A failure is logged and never undoes the decision.
 */
export async function sendFinanceNotifications(
  deps: Pick<FinanceDeps, 'notifier'>,
  policy: Policy,
  theCase: Case | undefined,
  record: { kind: 'refund' | 'chargeback'; id: string },
  notifications: readonly FinanceNotification[],
): Promise<void> {
  for (const n of notifications) {
    try {
      if (n.to === 'customer') {
        if (!theCase || !CUSTOMER_TEMPLATES.has(n.template)) continue;
        const vars: Record<string, string> = {
          ...(n.facts.amount ? { amount: n.facts.amount } : {}),
          ...(n.facts.reference ? { reference: n.facts.reference } : {}),
          ...(n.facts.reason ? { reason: n.facts.reason } : {}),
          ...(n.facts.outcome ? { outcome: CUSTOMER_OUTCOME[n.facts.outcome] ?? n.facts.outcome } : {}),
        };
        // Sent once per record and template (the key is the idempotency header), after the finance record's commit.
        const notification = { to: 'customer' as const, template: n.template as NotificationTemplate, caseId: theCase.id, vars };
        await deps.notifier.deliver(policy, theCase, { kind: 'notification', notification }, `${record.kind}.${record.id}.${n.template}`);
      } else {
        const what = n.template.replace(/_/g, ' ');
        const where = theCase ? `case ${theCase.caseNumber}` : 'no linked case';
        const details = Object.entries(humanizeVars(policy, n.facts)).map(([k, v]) => `${k}: ${v}`);
        await deps.notifier.alertSupervisors(`[${n.to}] ${what}: ${record.kind} ${record.id} (${where})`, [`${record.kind} ${record.id}, ${where}: ${what}.`, ...details].join('\n'));
      }
    } catch (e) {
      logger.error('finance notification failed after commit', { record: record.id, template: n.template, error: (e as Error)?.name });
    }
  }
}
