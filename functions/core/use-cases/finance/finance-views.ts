import type { FinanceEntry } from '../../../domain/finance/entry';
import { filterQueue, financeTotals, type FinanceQueueQuery, type FinanceTotalsQuery, type FinanceTotalsRow } from '../../../domain/finance/views';
import { calendarZone } from '../../../domain/policy/human-time';
import type { StaffActor } from '../../../domain/lifecycle/model';
import type { Outcome } from '../../outcomes';
import { audited, type AuditTrail } from '../audit-trail';
import { financeOnly, mayReadFinance, type FinanceDeps } from './finance-deps';

/** The pending finance decisions, ordered by due, filtered (finance and supervisors only). */
export async function listFinanceQueue(deps: Pick<FinanceDeps, 'finance' | 'now'> & { audit?: AuditTrail }, actor: StaffActor, query: FinanceQueueQuery): Promise<Outcome<{ items: FinanceEntry[] }>> {
  if (!mayReadFinance(actor)) return audited(deps.audit, actor, 'finance_queue', undefined, financeOnly());
  return audited(deps.audit, actor, 'finance_queue', undefined, { ok: true as const, items: filterQueue(await deps.finance.pending(), query, deps.now()) });
}

/** Counts and sums by period, currency and status, periods in the policy's zone (finance and supervisors only). */
export async function financeTotalsFor(
  deps: Pick<FinanceDeps, 'finance' | 'policies'> & { audit?: AuditTrail },
  actor: StaffActor,
  query: FinanceTotalsQuery,
): Promise<Outcome<{ zone: string; period: FinanceTotalsQuery['period']; rows: FinanceTotalsRow[] }>> {
  if (!mayReadFinance(actor)) return audited(deps.audit, actor, 'finance_totals', undefined, financeOnly());
  const zone = calendarZone(deps.policies.current());
  return audited(deps.audit, actor, 'finance_totals', undefined, { ok: true as const, zone, period: query.period, rows: financeTotals(await deps.finance.entries(), query, zone) });
}
