import { S3Client } from '@aws-sdk/client-s3';
import { s3CaseFiles } from '../../channels/attachments/s3-case-files';
import { caseStoreFromEnv, financeStoreFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { EvidencePackRequestSchema, storeEvidencePack } from '../../core/use-cases/finance/evidence-pack';
import { staffAuditTrail } from '../identity/staff-audit-trail';
import { ChargebackIdSchema } from './finance-http';
import { financeRecordRoute } from './finance-record-route';
import { traced } from '../../adapters/tracer';

/**
 * POST /staff/chargebacks/{chargebackId}/evidence-pack (JWT, finance): `{ statement }` → 201 the PDF stored with the
 * case's files, its `{ key, sha256 }` for the submission, and a 5-minute download link. The one finance handler that
 * bundles pdf-lib.
 */

const deps = {
  finance: financeStoreFromEnv(),
  cases: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  files: s3CaseFiles(traced(new S3Client({}))),
  now: systemClock,
  audit: staffAuditTrail('POST /staff/chargebacks/{chargebackId}/evidence-pack'),
};

export const handler = financeRecordRoute({
  param: 'chargebackId',
  id: ChargebackIdSchema,
  missing: 'No such chargeback.',
  body: EvidencePackRequestSchema,
  status: 201,
  run: (chargebackId, actor, body) => storeEvidencePack(deps, chargebackId, actor, body),
  answer: ({ evidencePack, caseId, pages, size, url }) => ({ evidencePack, caseId, pages, size, url }),
});
