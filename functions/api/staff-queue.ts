import { listQueue } from '../core/use-cases/list-queue';
import { caseStoreFromEnv, cursorKeysFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { httpHandler } from './http/http-handler';
import { accepted } from './http/outcome';
import { nextLink } from './http/page-links';
import { jsonResponse } from './http/problem';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffAuditTrail } from './identity/staff-audit-trail';

/**
 * GET /staff/queue (JWT): the cases this member of staff works on, filtered and searched on the server, in the
 * policy's queue order or by due time; `total` counts every match, `next` links the following page.
 */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), now: systemClock, cursorKeys: await cursorKeysFromEnv(), audit: staffAuditTrail('GET /staff/queue') };

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { items, total, hasMore, cursor } = accepted(await listQueue(deps, actor, event.queryStringParameters ?? {}));
  const { next, headers } = nextLink(event, cursor);
  return jsonResponse(200, { items, total, has_more: hasMore, ...(next ? { next, cursor } : {}) }, { 'cache-control': 'no-store', ...headers });
});
