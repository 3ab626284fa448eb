import { policiesFromEnv } from '../adapters/wiring';
import { httpHandler } from './http/http-handler';
import { jsonResponse } from './http/problem';
import { buildOpenApiDocument } from './openapi';

/** GET /openapi.json — generated once per container from the zod schemas and the policy in force. */

const document = buildOpenApiDocument(policiesFromEnv().current());

export const handler = httpHandler(async () => jsonResponse(200, document, { 'cache-control': 'public, max-age=300' }));
