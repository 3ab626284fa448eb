import { S3Client } from '@aws-sdk/client-s3';
import { accessLinksFromEnv, auditLogFromEnv, erasableCaseStoreFromEnv, fieldShredderFromEnv, financeStoreFromEnv, legalHoldStoreFromEnv, policiesFromEnv, stepUpStoreFromEnv, systemClock } from '../../adapters/wiring';
import { traced } from '../../adapters/tracer';
import { s3CaseFiles } from '../../channels/attachments/s3-case-files';
import { rawMailArchive } from '../../channels/email/s3-raw-mail';
import { eraseAsCustomer } from '../../core/use-cases/erase-customer-data';
import { bearerToken } from '../../domain/access-token';
import { caseIdOf } from '../../channels/handlers/attachment-deps';
import { jsonHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';

/**
 * POST /complaints/{id}/erasure `{ confirm: true }` with the case's access token (or an `act` access link) after a
 * fresh step-up: the customer's own erasure, the same as an admin's, on the audit log of each case it erased.
 * Without the step-up 403 `step-up-required`.
 */

const deps = {
  store: erasableCaseStoreFromEnv(),
  policies: policiesFromEnv(),
  cipher: fieldShredderFromEnv(),
  stepUps: stepUpStoreFromEnv(),
  links: accessLinksFromEnv(),
  now: systemClock,
  holds: { holds: legalHoldStoreFromEnv(), finance: financeStoreFromEnv() },
  files: s3CaseFiles(traced(new S3Client({}))),
  rawMail: rawMailArchive(traced(new S3Client({}))),
  audit: { log: auditLogFromEnv(), route: 'POST /complaints/{id}/erasure', now: systemClock },
};

export const handler = jsonHandler(async (event) => {
  const id = caseIdOf(event);
  const result = accepted(await eraseAsCustomer(deps, id, bearerToken(event.headers?.authorization), event.body));
  return jsonResponse(200, { erasedAt: result.erasedAt, cases: result.cases }, { 'cache-control': 'no-store' });
});
