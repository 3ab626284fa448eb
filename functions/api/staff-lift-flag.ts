import { caseStoreFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { notFound } from '../core/outcomes';
import { liftFlag } from '../core/use-cases/lift-flag';
import { isCaseId } from './http/case-id';
import { jsonHandler } from './http/http-handler';
import { accepted, refusalProblem } from './http/outcome';
import { jsonResponse } from './http/problem';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffAuditTrail } from './identity/staff-audit-trail';

/** POST /staff/complaints/{id}/attention/lift (JWT, supervisors; others 403): `{ reason }` → 200 `{ caseId, liftedFlag }`. */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), now: systemClock, audit: staffAuditTrail('POST /staff/complaints/{id}/attention/lift') };

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const { caseId, liftedFlag } = accepted(await liftFlag(deps, actor, id, event.body));
  return jsonResponse(200, { caseId, liftedFlag }, { 'cache-control': 'no-store' });
});
