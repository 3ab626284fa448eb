import { chargebackRow, reconciliationCsv, refundRow, type ReconciliationRow } from '../../../domain/finance/export/reconciliation-csv';
import { inExportWindow, type FinanceExportQuery } from '../../../domain/finance/views';
import type { StaffActor } from '../../../domain/lifecycle/model';
import type { Outcome } from '../../outcomes';
import { audited, type AuditTrail } from '../audit-trail';
import { financeOnly, mayReadFinance, type FinanceDeps } from './finance-deps';

/**
 * The reconciliation CSV of every refund and chargeback opened in the window (finance and supervisors only). In its
 * own module: only the export handler bundles the CSV library.
 */
export async function exportReconciliation(deps: Pick<FinanceDeps, 'finance'> & { audit?: AuditTrail }, actor: StaffActor, query: FinanceExportQuery): Promise<Outcome<{ csv: string; rows: number }>> {
  if (!mayReadFinance(actor)) return audited(deps.audit, actor, 'finance_export', undefined, financeOnly());
  const rows: ReconciliationRow[] = [];
  for (const entry of (await deps.finance.entries()).filter((e) => inExportWindow(e, query))) {
    if (entry.kind === 'refund') {
      const found = await deps.finance.getRefund(entry.id);
      if (found) rows.push(refundRow(found.refund, entry.caseNumber));
    } else {
      const found = await deps.finance.getChargeback(entry.id);
      if (found) rows.push(chargebackRow(found.chargeback, entry.caseNumber));
    }
  }
  return audited(deps.audit, actor, 'finance_export', undefined, { ok: true as const, csv: reconciliationCsv(rows), rows: rows.length });
}
