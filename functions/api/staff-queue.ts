import { listQueue } from '../core/use-cases/list-queue';
import { caseStoreFromEnv, policiesFromEnv } from '../adapters/wiring';
import { httpHandler } from './http/http-handler';
import { accepted } from './http/outcome';
import { jsonResponse } from './http/problem';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffAuditTrail } from './identity/staff-audit-trail';

/** GET /staff/queue?status=&limit=&cursor= (JWT): the cases this member of staff works on, in the policy's queue order. */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), audit: staffAuditTrail('GET /staff/queue') };

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { items, cursor } = accepted(await listQueue(deps, actor, event.queryStringParameters ?? {}));
  return jsonResponse(200, { items, ...(cursor ? { cursor } : {}) }, { 'cache-control': 'no-store' });
});
