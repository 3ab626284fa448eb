import { notFound } from '../../core/outcomes';
import { requestStepUp } from '../../core/use-cases/step-up';
import { bearerToken } from '../../domain/access-token';
import { isCaseId } from '../http/case-id';
import { httpHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { stepUpDepsFromEnv } from './step-up-deps';

/** POST /complaints/{id}/step-up with the case's access token: a one-time code to the case's email → 202 `{ sentTo, expiresAt }`. */

const deps = stepUpDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound());
  const { sentTo, expiresAt } = accepted(await requestStepUp(deps, id, bearerToken(event.headers?.authorization), event.requestContext.http.sourceIp));
  return jsonResponse(202, { sentTo, expiresAt }, { 'cache-control': 'no-store' });
});
