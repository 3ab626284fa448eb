import { notFound } from '../../core/outcomes';
import { releaseLegalHold } from '../../core/use-cases/legal-hold';
import { isCaseId } from '../http/case-id';
import { httpHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { legalHoldDeps } from './legal-hold-deps';

/** POST /staff/complaints/{id}/legal-hold/release (JWT; admin) → 200 `{ hold, releasedAt }`; other holds (dispute, chargeback) stand. */

const deps = legalHoldDeps('POST /staff/complaints/{id}/legal-hold/release');

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const { hold, releasedAt } = accepted(await releaseLegalHold(deps, id, actor));
  return jsonResponse(200, { hold, releasedAt }, { 'cache-control': 'no-store' });
});
