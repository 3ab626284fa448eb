import { financeStoreFromEnv, policiesFromEnv } from '../../adapters/wiring';
import { financeTotalsFor } from '../../core/use-cases/finance/finance-views';
import { FinanceTotalsQuerySchema } from '../../domain/finance/views';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { financeActorOf, parseOr422 } from './finance-http';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** GET /staff/finance/totals?period=day|week|month&from=&to= (finance, supervisors) → counts and sums per currency, never across currencies. */

const deps = { finance: financeStoreFromEnv(), policies: policiesFromEnv(), audit: staffAuditTrail('GET /staff/finance/totals') };

export const handler = httpHandler(async (event) => {
  const actor = financeActorOf(event as MaybeJwtEvent);
  const query = parseOr422(FinanceTotalsQuerySchema, event.queryStringParameters ?? {});
  const { zone, period, rows } = accepted(await financeTotalsFor(deps, actor, query));
  return jsonResponse(200, { zone, period, rows }, { 'cache-control': 'no-store' });
});
