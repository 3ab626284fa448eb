import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PolicyPreset, readConfig } from '../adapters/config';
import { publicCategories } from '../domain/complaint-categories';
import { loadPolicy } from '../domain/policy';
import { jsonResponse } from './http/problem';
import { problemErrorHandler } from './http/problem-error-handler';

/** GET /categories — the categories of the policy in force, with the details each one asks for. */

const config = readConfig({ POLICY_PRESET: PolicyPreset });
// Computed once per container: the policy is fixed for the life of the deployment.
const body = JSON.stringify(publicCategories(loadPolicy(config.POLICY_PRESET)));

export const handler = middy<unknown, APIGatewayProxyStructuredResultV2>()
  .use(problemErrorHandler())
  .handler(async () => ({ ...jsonResponse(200, null, { 'cache-control': 'public, max-age=300' }), body }));
