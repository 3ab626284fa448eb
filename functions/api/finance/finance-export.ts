import { financeStoreFromEnv } from '../../adapters/wiring';
import { exportReconciliation } from '../../core/use-cases/finance/finance-export';
import { FinanceExportQuerySchema } from '../../domain/finance/views';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { financeActorOf, parseOr422 } from './finance-http';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** GET /staff/finance/export.csv?from=&to= (finance, supervisors) → the reconciliation CSV (RFC 4180, UTF-8 with BOM). */

const deps = { finance: financeStoreFromEnv(), audit: staffAuditTrail('GET /staff/finance/export.csv') };

export const handler = httpHandler(async (event) => {
  const actor = financeActorOf(event as MaybeJwtEvent);
  const query = parseOr422(FinanceExportQuerySchema, event.queryStringParameters ?? {});
  const { csv } = accepted(await exportReconciliation(deps, actor, query));
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="redress-reconciliation.csv"', 'cache-control': 'no-store' },
    body: csv,
  };
});
