import { postIncidentUpdate } from '../../core/use-cases/incidents/post-incident-update';
import { jsonHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { incidentDepsFromEnv } from './incident-deps';

/** POST /staff/incidents/{incidentId}/updates (JWT, supervisors): `{ message }` → 200 the incident and how many customers were told. */

const deps = incidentDepsFromEnv('POST /staff/incidents/{incidentId}/updates');

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const { incident, linked, told } = accepted(await postIncidentUpdate(deps, actor, event.pathParameters?.incidentId ?? '', event.body));
  return jsonResponse(200, { incident, linked, told }, { 'cache-control': 'no-store' });
});
