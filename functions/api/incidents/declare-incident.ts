import { declareIncident } from '../../core/use-cases/incidents/declare-incident';
import { jsonHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { incidentDepsFromEnv } from './incident-deps';

/** POST /staff/incidents (JWT, supervisors): `{ title, since, scope, alternativeContacts, message }` → 201 the incident and how many cases it linked. */

const deps = incidentDepsFromEnv('POST /staff/incidents');

export const handler = jsonHandler(async (event) => {
  const { incident, linked, told } = accepted(await declareIncident(deps, staffActorOf(event as unknown as MaybeJwtEvent), event.body));
  return jsonResponse(201, { incident, linked, told }, { 'cache-control': 'no-store' });
});
