import { fileComplaint, INTAKE_LIMITS } from '../core/use-cases/file-complaint';
import { caseStoreFromEnv, fieldCipherFromEnv, newCaseId, policiesFromEnv, publicBaseUrlFromEnv, systemClock } from '../adapters/wiring';
import { idempotencyKeyHeader } from './http/headers';
import { jsonHandler } from './http/http-handler';
import { accepted } from './http/outcome';
import { jsonResponse } from './http/problem';

/** POST /complaints — see docs/contracts.md. Limited per customer email and per client: 429 with Retry-After. */

const deps = {
  policies: policiesFromEnv(),
  store: caseStoreFromEnv(),
  publicBaseUrl: publicBaseUrlFromEnv(),
  now: systemClock,
  newId: newCaseId,
  limits: INTAKE_LIMITS,
  cipher: fieldCipherFromEnv(),
};

export const handler = jsonHandler(async (event) => {
  const { body, replayed } = accepted(await fileComplaint(deps, event.body, idempotencyKeyHeader(event.headers), event.requestContext.http.sourceIp));
  return jsonResponse(201, body, {
    location: `/complaints/${body.id}`,
    'cache-control': 'no-store', // the body carries the access token
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});
