import { decideChargeback } from '../../../domain/finance/chargeback/decide';
import { decideRefund } from '../../../domain/finance/refund/decide';
import { commitChargebackDecision, commitRefundDecision, sendFinanceOutbox, type FinanceDeps } from './finance-deps';
import { submitRefundToProvider } from './decide-refund';
import { logger } from '../../logger';

export interface FinanceTimersRun {
  /** Refunds whose finance decision was overdue: the finance lead alerted, the customer told. */
  escalated: number;
  /** Chargebacks reminded (one message for reminders that fell due together). */
  reminded: number;
  /** Chargebacks whose evidence deadline passed without evidence. */
  expired: number;
  /** Approved refunds the provider had not taken yet, asked again. */
  resubmitted: number;
}

const SYSTEM = { role: 'system' } as const;

/**
 * The finance clocks, run on a schedule (infra/handlers.ts `financeTimers`): reads only the pending queue and acts
 * on the entries whose timer is due. Each action is a domain decision committed on the version read, so a person
 * deciding at the same moment wins or the timer finds the record already decided ("stale"), and a run repeated
 * after a crash does nothing twice.
 */
export async function runFinanceTimers(deps: FinanceDeps): Promise<FinanceTimersRun> {
  const now = deps.now();
  const run: FinanceTimersRun = { escalated: 0, reminded: 0, expired: 0, resubmitted: 0 };
  const due = (await deps.finance.pending()).filter((e) => e.timerAt && Date.parse(e.timerAt) <= now.getTime());
  for (const entry of due) {
    try {
      if (entry.kind === 'refund' && entry.status === 'requested') {
        const r = await commitRefundDecision(deps, entry.id, (refund) => decideRefund(refund, { type: 'decisionOverdue' }, SYSTEM, now));
        if (r.kind !== 'committed') continue;
        run.escalated++;
        await sendFinanceOutbox(deps, undefined, r.told, { kind: 'refund', id: entry.id });
      } else if (entry.kind === 'refund' && entry.status === 'approved') {
        const found = await deps.finance.getRefund(entry.id);
        if (!found || found.refund.status !== 'approved') continue;
        const { refund } = found;
        await submitRefundToProvider(deps, { refundId: refund.refundId, amount: refund.amount, reference: refund.reference, reason: refund.reason });
        run.resubmitted++;
      } else if (entry.kind === 'chargeback' && entry.status === 'open') {
        const pastDue = entry.due !== undefined && Date.parse(entry.due) <= now.getTime();
        const r = await commitChargebackDecision(deps, entry.id, (chargeback) => decideChargeback(chargeback, { type: pastDue ? 'deadlineReached' : 'remind' }, SYSTEM, now));
        if (r.kind !== 'committed') continue;
        if (pastDue) run.expired++;
        else run.reminded++;
        await sendFinanceOutbox(deps, undefined, r.told, { kind: 'chargeback', id: entry.id });
      }
    } catch (e) {
      // One record's failure must not stop the others; the next run tries it again.
      logger.error('finance timer failed', { kind: entry.kind, id: entry.id, error: (e as Error)?.name, detail: (e as Error)?.message });
    }
  }
  return run;
}
