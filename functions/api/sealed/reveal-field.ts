import { caseStoreFromEnv, fieldCipherFromEnv, policiesFromEnv } from '../../adapters/wiring';
import { notFound } from '../../core/outcomes';
import { revealField } from '../../core/use-cases/reveal-field';
import { isCaseId } from '../http/case-id';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** POST /staff/complaints/{id}/reveal (JWT; finance): one sensitive detail in clear, audited. */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), cipher: fieldCipherFromEnv(), audit: staffAuditTrail('POST /staff/complaints/{id}/reveal') };

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const { field, value } = accepted(await revealField(deps, id, actor, event.body));
  // Never cached anywhere: the clear value is for this one answer.
  return jsonResponse(200, { field, value }, { 'cache-control': 'no-store', pragma: 'no-cache' });
});
