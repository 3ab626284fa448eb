import { policiesFromEnv } from '../adapters/wiring';
import { publicCategories } from '../domain/complaint-categories';
import { httpHandler } from './http/http-handler';
import { jsonResponse } from './http/problem';

/** GET /categories — the categories of the policy in force, with the details each one asks for. */

// Computed once per container: the policy is fixed for the life of the deployment.
const body = publicCategories(policiesFromEnv().current());

export const handler = httpHandler(async () => jsonResponse(200, body, { 'cache-control': 'public, max-age=300' }));
