import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PolicyPreset, readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { loadPolicy } from '../domain/policy';
import { jsonResponse } from './http/problem';
import { problemErrorHandler } from './http/problem-error-handler';
import { staffActorOf, type MaybeJwtEvent } from './http/staff-claims';
import { staffQueue } from './services/staff-queue';

/**
 * GET /staff/queue?status=&limit=&cursor= (JWT): the cases this member of staff works on, in the policy's queue
 * order (due time, then arrival), from the GSI `byQueue`; `cursor` (opaque) continues where the last page ended.
 */

const config = readConfig({ TABLE_NAME: TableName, POLICY_PRESET: PolicyPreset });
const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);
const policy = loadPolicy(config.POLICY_PRESET);

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(problemErrorHandler())
  .handler(async (event) => {
    const actor = staffActorOf(event as MaybeJwtEvent);
    const body = await staffQueue(store, policy, actor, event.queryStringParameters ?? {});
    return jsonResponse(200, body, { 'cache-control': 'no-store' });
  });
