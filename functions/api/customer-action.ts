import { actAsCustomer } from '../core/use-cases/act-on-case';
import { accessLinksFromEnv, callbacksFromEnv, caseStoreFromEnv, mailerFromEnv, notifierFromEnv, policiesFromEnv, outboxObserverFromEnv, stepUpStoreFromEnv, systemClock } from '../adapters/wiring';
import { notFound } from '../core/outcomes';
import { customerCaseView } from '../core/views';
import { bearerToken } from '../domain/access-token';
import { CUSTOMER_ACTIONS } from '../domain/lifecycle/actions';
import { parseActionBody } from './http/action-body';
import { isCaseId } from './http/case-id';
import { jsonHandler } from './http/http-handler';
import { accepted, refusalProblem } from './http/outcome';
import { jsonResponse } from './http/problem';

/**
 * POST /complaints/{id}/actions with `Authorization: Bearer <accessToken or access link>`: the customer replies,
 * accepts or disputes the resolution, or rates the handling. The answer is the customer's view only. A sensitive
 * action without a fresh step-up is 403 `step-up-required` (see `stepUpRequired`).
 */

const links = accessLinksFromEnv();
const deps = { policies: policiesFromEnv(), store: caseStoreFromEnv(), callbacks: callbacksFromEnv(), notifier: notifierFromEnv(mailerFromEnv(), links), now: systemClock, observer: outboxObserverFromEnv(), links, stepUps: stepUpStoreFromEnv() };

export const handler = jsonHandler(async (event) => {
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound());
  const action = parseActionBody(event.body, CUSTOMER_ACTIONS);
  const { theCase, timeline } = accepted(await actAsCustomer(deps, id, bearerToken(event.headers?.authorization), action));
  return jsonResponse(200, customerCaseView(deps, theCase, timeline), { 'cache-control': 'no-store' });
});
