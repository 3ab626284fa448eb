import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { accessTokenMatches, bearerToken } from '../domain/access-token';
import { CUSTOMER_ACTIONS } from '../domain/lifecycle/actions';
import { customerView } from '../domain/ticket-view';
import { parseActionBody } from './http/action-body';
import { isCaseId } from './http/case-id';
import { jsonBody, type JsonEvent } from './http/json-body';
import { HttpProblem, jsonResponse } from './http/problem';
import { problemErrorHandler } from './http/problem-error-handler';
import { caseActionsFromEnv } from './services/action-deps';

/**
 * POST /complaints/{id}/actions with `Authorization: Bearer <accessToken>`: the customer replies, accepts or
 * disputes the resolution, or rates the handling. A missing case, a wrong token and another case's token are the
 * same 404 (as GET /complaints/{id}); the answer is the customer's view only.
 */

const { store, actions } = caseActionsFromEnv();

export const handler = middy<JsonEvent, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(problemErrorHandler())
  .use(jsonBody())
  .handler(async (event) => {
    const id = event.pathParameters?.id ?? '';
    const token = bearerToken(event.headers?.authorization);
    const ticket = isCaseId(id) && token ? await store.getTicket(id) : undefined;
    if (!ticket || !accessTokenMatches(token, ticket.accessTokenHash)) throw HttpProblem.notFound();
    const action = parseActionBody(event.body, CUSTOMER_ACTIONS);
    const outcome = await actions.act(id, { role: 'customer', caseId: id }, action);
    return jsonResponse(200, customerView(outcome.ticket, outcome.timeline, outcome.policy, outcome.now), { 'cache-control': 'no-store' });
  });
