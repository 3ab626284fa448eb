import { S3Client } from '@aws-sdk/client-s3';
import { s3CaseFiles } from '../../channels/attachments/s3-case-files';
import { caseStoreFromEnv, financeStoreFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { notFound } from '../../core/outcomes';
import { EvidencePackRequestSchema, storeEvidencePack } from '../../core/use-cases/finance/evidence-pack';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from '../identity/staff-audit-trail';
import { ChargebackIdSchema, financeActorOf, parseOr422 } from './finance-http';

/**
 * POST /staff/chargebacks/{chargebackId}/evidence-pack (JWT, finance): `{ statement }` → 201 the PDF stored with the
 * case's files, its `{ key, sha256 }` for the submission, and a 5-minute download link. The one finance handler that
 * bundles pdf-lib.
 */

const deps = {
  finance: financeStoreFromEnv(),
  cases: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  files: s3CaseFiles(new S3Client({})),
  now: systemClock,
  audit: staffAuditTrail('POST /staff/chargebacks/{chargebackId}/evidence-pack'),
};

export const handler = jsonHandler(async (event) => {
  const actor = financeActorOf(event as unknown as MaybeJwtEvent);
  const chargebackId = event.pathParameters?.chargebackId ?? '';
  if (!ChargebackIdSchema.safeParse(chargebackId).success) throw refusalProblem(notFound('No such chargeback.'));
  const body = parseOr422(EvidencePackRequestSchema, event.body);
  const { evidencePack, caseId, pages, size, url } = accepted(await storeEvidencePack(deps, chargebackId, actor, body));
  return jsonResponse(201, { evidencePack, caseId, pages, size, url }, { 'cache-control': 'no-store' });
});
