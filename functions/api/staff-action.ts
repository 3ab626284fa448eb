import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { STAFF_ACTIONS } from '../domain/lifecycle/actions';
import { staffView } from '../domain/ticket-view';
import { parseActionBody } from './http/action-body';
import { jsonBody, type JsonEvent } from './http/json-body';
import { HttpProblem, jsonResponse } from './http/problem';
import { problemErrorHandler } from './http/problem-error-handler';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { isCaseId } from './http/case-id';
import { caseActionsFromEnv } from './services/action-deps';

/**
 * POST /staff/complaints/{id}/actions (JWT): `{ action, ...fields }` → 200 the whole case, or problem+json
 * 401/403/404/409/410/422 with nothing changed. Who may do what on which case is `decide`'s business.
 */

const { actions } = caseActionsFromEnv();

export const handler = middy<JsonEvent, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(problemErrorHandler())
  .use(jsonBody())
  .handler(async (event) => {
    const actor = staffActorOf(event as unknown as MaybeJwtEvent);
    const id = event.pathParameters?.id ?? '';
    if (!isCaseId(id)) throw HttpProblem.notFound('No such complaint.');
    const action = parseActionBody(event.body, STAFF_ACTIONS);
    const { ticket, timeline, policy, now } = await actions.act(id, actor, action);
    return jsonResponse(200, staffView(ticket, timeline, policy, now), { 'cache-control': 'no-store' });
  });
