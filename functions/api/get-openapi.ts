import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PolicyPreset, readConfig } from '../adapters/config';
import { loadPolicy } from '../domain/policy';
import { problemErrorHandler } from './http/problem-error-handler';
import { buildOpenApiDocument } from './openapi';

/** GET /openapi.json — generated once per container from the zod schemas and the policy in force. */

const config = readConfig({ POLICY_PRESET: PolicyPreset });
const body = JSON.stringify(buildOpenApiDocument(loadPolicy(config.POLICY_PRESET)));

export const handler = middy<unknown, APIGatewayProxyStructuredResultV2>()
  .use(problemErrorHandler())
  .handler(async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
    body,
  }));
