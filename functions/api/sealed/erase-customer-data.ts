import { S3Client } from '@aws-sdk/client-s3';
import { erasableCaseStoreFromEnv, fieldShredderFromEnv, financeStoreFromEnv, legalHoldStoreFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { traced } from '../../adapters/tracer';
import { s3CaseFiles } from '../../channels/attachments/s3-case-files';
import { rawMailArchive } from '../../channels/email/s3-raw-mail';
import { notFound } from '../../core/outcomes';
import { eraseCustomerData } from '../../core/use-cases/erase-customer-data';
import { isCaseId } from '../http/case-id';
import { httpHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** POST /staff/complaints/{id}/erasure (JWT; admin): erases the personal data of the customer who filed the case. */

const deps = {
  store: erasableCaseStoreFromEnv(),
  policies: policiesFromEnv(),
  cipher: fieldShredderFromEnv(),
  now: systemClock,
  audit: staffAuditTrail('POST /staff/complaints/{id}/erasure'),
  holds: { holds: legalHoldStoreFromEnv(), finance: financeStoreFromEnv() },
  files: s3CaseFiles(traced(new S3Client({}))),
  rawMail: rawMailArchive(traced(new S3Client({}))),
};

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const result = accepted(await eraseCustomerData(deps, id, actor));
  return jsonResponse(200, { erasedAt: result.erasedAt, cases: result.cases }, { 'cache-control': 'no-store' });
});
