import { accessLinksFromEnv, stepUpStoreFromEnv } from '../../adapters/wiring';
import { correctContactAsCustomer } from '../../core/use-cases/correct-contact';
import { bearerToken } from '../../domain/access-token';
import { caseIdOf } from '../../channels/handlers/attachment-deps';
import { jsonHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { correctContactDepsFromEnv } from './contact-deps';

/**
 * POST /complaints/{id}/contact `{ name?, email? }` with the case's access token (or an `act` access link) after a
 * fresh step-up → 200 `{ changed, cases }`. Without the step-up 403 `step-up-required`, nothing changed.
 */

const deps = { ...correctContactDepsFromEnv(), stepUps: stepUpStoreFromEnv(), links: accessLinksFromEnv() };

export const handler = jsonHandler(async (event) => {
  const id = caseIdOf(event);
  const { changed, cases } = accepted(await correctContactAsCustomer(deps, id, bearerToken(event.headers?.authorization), event.body));
  return jsonResponse(200, { changed, cases }, { 'cache-control': 'no-store' });
});
