import { readCaseAsCustomer } from '../core/use-cases/read-case';
import { caseStoreFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { bearerToken } from '../domain/access-token';
import { isCaseId } from './http/case-id';
import { httpHandler } from './http/http-handler';
import { accepted, refusalProblem } from './http/outcome';
import { jsonResponse } from './http/problem';
import { notFound } from '../core/outcomes';

/**
 * GET /complaints/{id} with `Authorization: Bearer <accessToken>`. A missing case, a missing or wrong token and
 * another case's token all get the same 404, so the answer never tells whether a case id exists.
 */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), now: systemClock };

export const handler = httpHandler(async (event) => {
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound());
  const { view } = accepted(await readCaseAsCustomer(deps, id, bearerToken(event.headers?.authorization)));
  return jsonResponse(200, view, { 'cache-control': 'no-store' });
});
