import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { accessTokenMatches, bearerToken } from '../domain/access-token';
import { loadPolicy } from '../domain/policy';
import { customerView } from '../domain/ticket-view';
import { HttpProblem, jsonResponse } from './http/problem';
import { problemErrorHandler } from './http/problem-error-handler';

/**
 * GET /complaints/{id} with `Authorization: Bearer <accessToken>`. A missing case, a missing or wrong token and
 * another case's token all get the same 404, so the answer never tells whether a case id exists.
 */

const config = readConfig({ TABLE_NAME: TableName });
const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(problemErrorHandler())
  .handler(async (event) => {
    const id = event.pathParameters?.id ?? '';
    const token = bearerToken(event.headers?.authorization);
    const found = UUID.test(id) && token ? await store.getTicketWithTimeline(id) : undefined;
    if (!found || !accessTokenMatches(token, found.ticket.accessTokenHash)) throw HttpProblem.notFound();
    return jsonResponse(200, customerView(found.ticket, found.timeline, loadPolicy(found.ticket.policy.name), new Date()), { 'cache-control': 'no-store' });
  });
