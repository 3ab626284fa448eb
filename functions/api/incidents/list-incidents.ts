import { incidentStoreFromEnv } from '../../adapters/wiring';
import { staffAuditTrail } from '../identity/staff-audit-trail';
import { listIncidents } from '../../core/use-cases/incidents/list-incidents';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';

/** GET /staff/incidents?status=active|resolved (JWT, supervisors): the incidents, newest first, each with its linked cases. */

const deps = { incidents: incidentStoreFromEnv(), audit: staffAuditTrail('GET /staff/incidents') };

export const handler = httpHandler(async (event) => {
  const { items } = accepted(await listIncidents(deps, staffActorOf(event as MaybeJwtEvent), event.queryStringParameters ?? {}));
  return jsonResponse(200, { items }, { 'cache-control': 'no-store' });
});
