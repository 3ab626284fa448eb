import { notFound } from '../../core/outcomes';
import { placeLegalHold } from '../../core/use-cases/legal-hold';
import { isCaseId } from '../http/case-id';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { legalHoldDeps } from './legal-hold-deps';

/** POST /staff/complaints/{id}/legal-hold (JWT; admin): `{ reason }` → 201 `{ hold }`; no expiry, no erasure until released. */

const deps = legalHoldDeps('POST /staff/complaints/{id}/legal-hold');

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const { hold } = accepted(await placeLegalHold(deps, id, actor, event.body));
  return jsonResponse(201, { hold }, { 'cache-control': 'no-store' });
});
