import { actAsStaff } from '../core/use-cases/act-on-case';
import { callbacksFromEnv, caseStoreFromEnv, notifierFromEnv, policiesFromEnv, staffDirectoryFromEnv, outboxObserverFromEnv, systemClock } from '../adapters/wiring';
import { notFound } from '../core/outcomes';
import { staffCaseView } from '../core/views';
import { STAFF_ACTIONS } from '../domain/lifecycle/actions';
import { parseActionBody } from './http/action-body';
import { isCaseId } from './http/case-id';
import { jsonHandler } from './http/http-handler';
import { accepted, refusalProblem } from './http/outcome';
import { jsonResponse } from './http/problem';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffAuditTrail } from './identity/staff-audit-trail';

/** POST /staff/complaints/{id}/actions (JWT): `{ type, ...fields }` → 200 the whole case, or problem+json with nothing changed. */

const deps = { policies: policiesFromEnv(), store: caseStoreFromEnv(), callbacks: callbacksFromEnv(), notifier: notifierFromEnv(), now: systemClock, observer: outboxObserverFromEnv(), staff: staffDirectoryFromEnv(), audit: staffAuditTrail('POST /staff/complaints/{id}/actions') };

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const action = parseActionBody(event.body, STAFF_ACTIONS);
  const { theCase, timeline } = accepted(await actAsStaff(deps, id, actor, action));
  return jsonResponse(200, staffCaseView(deps, theCase, timeline), { 'cache-control': 'no-store' });
});
