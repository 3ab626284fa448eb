import { readCaseAsCustomer } from '../core/use-cases/read-case';
import { accessLinksFromEnv, caseStoreFromEnv, policiesFromEnv, stepUpStoreFromEnv, systemClock } from '../adapters/wiring';
import { bearerToken } from '../domain/access-token';
import { isCaseId } from './http/case-id';
import { httpHandler } from './http/http-handler';
import { accepted, refusalProblem } from './http/outcome';
import { jsonResponse } from './http/problem';
import { notFound } from '../core/outcomes';

/**
 * GET /complaints/{id} with `Authorization: Bearer <accessToken or access link>` (the link from any email). A
 * missing case, a missing, wrong, forged or expired credential and another case's all get the same 404, so the
 * answer never tells whether a case id exists.
 */

const deps = { store: caseStoreFromEnv(), policies: policiesFromEnv(), now: systemClock, links: accessLinksFromEnv(), stepUps: stepUpStoreFromEnv() };

export const handler = httpHandler(async (event) => {
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound());
  const { view } = accepted(await readCaseAsCustomer(deps, id, bearerToken(event.headers?.authorization)));
  return jsonResponse(200, view, { 'cache-control': 'no-store' });
});
