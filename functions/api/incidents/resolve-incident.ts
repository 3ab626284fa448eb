import { resolveIncident } from '../../core/use-cases/incidents/resolve-incident';
import { jsonHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { incidentDepsFromEnv } from './incident-deps';

/** POST /staff/incidents/{incidentId}/resolution (JWT, supervisors): `{ outcome: resolve|requeue, note }` → 200 the incident and its closed links. */

const deps = incidentDepsFromEnv('POST /staff/incidents/{incidentId}/resolution');

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const { incident, links } = accepted(await resolveIncident(deps, actor, event.pathParameters?.incidentId ?? '', event.body));
  return jsonResponse(200, { incident, links }, { 'cache-control': 'no-store' });
});
