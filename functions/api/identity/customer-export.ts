import { accessLinksFromEnv, stepUpStoreFromEnv } from '../../adapters/wiring';
import { exportAsCustomer } from '../../core/use-cases/export-customer-data';
import { bearerToken } from '../../domain/access-token';
import { caseIdOf } from '../../channels/handlers/attachment-deps';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { exportDepsFromEnv, exportHeaders } from './export-deps';

/**
 * GET /complaints/{id}/export with the case's access token (or an access link) after a fresh step-up: every case
 * filed with the case's email, as a JSON download. Without the step-up 403 `step-up-required`.
 */

const deps = { ...exportDepsFromEnv(), stepUps: stepUpStoreFromEnv(), links: accessLinksFromEnv() };

export const handler = httpHandler(async (event) => {
  const id = caseIdOf(event);
  const { data } = accepted(await exportAsCustomer(deps, id, bearerToken(event.headers?.authorization)));
  return jsonResponse(200, data, exportHeaders(data.cases.find((c) => c.id === id)?.caseNumber));
});
