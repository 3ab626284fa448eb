import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { loadPolicy } from '../domain/policy';
import { staffView } from '../domain/ticket-view';
import { isCaseId } from './http/case-id';
import { HttpProblem, jsonResponse } from './http/problem';
import { problemErrorHandler } from './http/problem-error-handler';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';

/**
 * GET /staff/complaints/{id} (JWT): the whole case, internal events and the lifecycle state included. Every staff
 * role may read any case (a supervisor reviews, the next rung prepares); what each may *do* is `decide`'s.
 */

const config = readConfig({ TABLE_NAME: TableName });
const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(problemErrorHandler())
  .handler(async (event) => {
    staffActorOf(event as MaybeJwtEvent);
    const id = event.pathParameters?.id ?? '';
    const found = isCaseId(id) ? await store.getTicketWithTimeline(id) : undefined;
    if (!found) throw HttpProblem.notFound('No such complaint.');
    return jsonResponse(200, staffView(found.ticket, found.timeline, loadPolicy(found.ticket.policy.name), new Date()), { 'cache-control': 'no-store' });
  });
