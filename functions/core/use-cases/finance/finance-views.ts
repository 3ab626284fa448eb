import type { FinanceEntry } from '../../../domain/finance/entry';
import { filterQueue, financeTotals, type FinanceQueueQuery, type FinanceTotalsQuery, type FinanceTotalsRow } from '../../../domain/finance/views';
import { calendarZone } from '../../../domain/policy/human-time';
import type { StaffActor } from '../../../domain/lifecycle/model';
import type { Outcome } from '../../outcomes';
import { financeOnly, mayReadFinance, type FinanceDeps } from './finance-deps';

/** The pending finance decisions, ordered by due, filtered (finance and supervisors only). */
export async function listFinanceQueue(deps: Pick<FinanceDeps, 'finance' | 'now'>, actor: StaffActor, query: FinanceQueueQuery): Promise<Outcome<{ items: FinanceEntry[] }>> {
  if (!mayReadFinance(actor)) return financeOnly();
  return { ok: true, items: filterQueue(await deps.finance.pending(), query, deps.now()) };
}

/** Counts and sums by period, currency and status, periods in the policy's zone (finance and supervisors only). */
export async function financeTotalsFor(
  deps: Pick<FinanceDeps, 'finance' | 'policies'>,
  actor: StaffActor,
  query: FinanceTotalsQuery,
): Promise<Outcome<{ zone: string; period: FinanceTotalsQuery['period']; rows: FinanceTotalsRow[] }>> {
  if (!mayReadFinance(actor)) return financeOnly();
  const zone = calendarZone(deps.policies.current());
  return { ok: true, zone, period: query.period, rows: financeTotals(await deps.finance.entries(), query, zone) };
}
