import { listAttention } from '../core/use-cases/list-attention';
import { caseStoreFromEnv, cursorKeysFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { httpHandler } from './http/http-handler';
import { accepted } from './http/outcome';
import { nextLink } from './http/page-links';
import { jsonResponse } from './http/problem';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffAuditTrail } from './identity/staff-audit-trail';

/** GET /staff/attention (JWT, supervisors; others 403): the cases the workflow flagged for a person, oldest flag first. */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), now: systemClock, cursorKeys: await cursorKeysFromEnv(), audit: staffAuditTrail('GET /staff/attention') };

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { items, total, hasMore, cursor } = accepted(await listAttention(deps, actor, event.queryStringParameters ?? {}));
  const { next, headers } = nextLink(event, cursor);
  return jsonResponse(200, { items, total, has_more: hasMore, ...(next ? { next, cursor } : {}) }, { 'cache-control': 'no-store', ...headers });
});
