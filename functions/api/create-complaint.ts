import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PolicyPreset, PublicBaseUrl, readConfig, StateMachineArn, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { SfnWorkflowStarter, sfnClient } from '../adapters/sfn-workflow-starter';
import { loadPolicy } from '../domain/policy';
import { idempotencyKeyHeader } from './http/headers';
import { jsonBody, type JsonEvent } from './http/json-body';
import { problemErrorHandler } from './http/problem-error-handler';
import { jsonResponse } from './http/problem';
import { ComplaintIntake } from './services/complaint-intake';

/** POST /complaints — see docs/contracts.md. */

const config = readConfig({
  TABLE_NAME: TableName,
  STATE_MACHINE_ARN: StateMachineArn,
  POLICY_PRESET: PolicyPreset,
  PUBLIC_BASE_URL: PublicBaseUrl,
});

const intake = new ComplaintIntake({
  policy: loadPolicy(config.POLICY_PRESET),
  store: new DynamoTicketStore(documentClient, config.TABLE_NAME),
  workflow: new SfnWorkflowStarter(sfnClient, config.STATE_MACHINE_ARN),
  publicBaseUrl: config.PUBLIC_BASE_URL,
});

export const handler = middy<JsonEvent, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(jsonBody())
  .use(problemErrorHandler())
  .handler(async (event) => {
    const { body, replayed } = await intake.submit(event.body, idempotencyKeyHeader(event.headers));
    return jsonResponse(201, body, {
      location: `/complaints/${body.id}`,
      'cache-control': 'no-store', // the body carries the access token
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  });
