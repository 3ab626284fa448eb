import { readCaseAsStaff } from '../core/use-cases/read-case';
import { caseStoreFromEnv, financeStoreFromEnv, legalHoldStoreFromEnv, policiesFromEnv, stepUpStoreFromEnv, systemClock } from '../adapters/wiring';
import { notFound } from '../core/outcomes';
import { isCaseId } from './http/case-id';
import { httpHandler } from './http/http-handler';
import { accepted, refusalProblem } from './http/outcome';
import { jsonResponse } from './http/problem';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffAuditTrail } from './identity/staff-audit-trail';

/**
 * GET /staff/complaints/{id} (JWT): the whole case, internal events and the lifecycle state included, with the
 * customer's step-up and every legal hold standing on the case.
 */

const deps = {
  store: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  now: systemClock,
  audit: staffAuditTrail('GET /staff/complaints/{id}'),
  stepUps: stepUpStoreFromEnv(),
  holds: { holds: legalHoldStoreFromEnv(), finance: financeStoreFromEnv() },
};

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const { view } = accepted(await readCaseAsStaff(deps, id, actor));
  return jsonResponse(200, view, { 'cache-control': 'no-store' });
});
