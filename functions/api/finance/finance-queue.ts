import { financeStoreFromEnv, systemClock } from '../../adapters/wiring';
import { listFinanceQueue } from '../../core/use-cases/finance/finance-views';
import { FinanceQueueQuerySchema } from '../../domain/finance/views';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { financeActorOf, parseOr422 } from './finance-http';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** GET /staff/finance/queue?type=&status=&currency=&minAmount=&maxAmount=&minAgeHours=&maxAgeHours= (finance, supervisors) → pending records by due. */

const deps = { finance: financeStoreFromEnv(), now: systemClock, audit: staffAuditTrail('GET /staff/finance/queue') };

export const handler = httpHandler(async (event) => {
  const actor = financeActorOf(event as MaybeJwtEvent);
  const query = parseOr422(FinanceQueueQuerySchema, event.queryStringParameters ?? {});
  const { items } = accepted(await listFinanceQueue(deps, actor, query));
  return jsonResponse(200, { items }, { 'cache-control': 'no-store' });
});
