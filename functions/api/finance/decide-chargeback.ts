import { S3Client } from '@aws-sdk/client-s3';
import { s3CaseFiles } from '../../channels/attachments/s3-case-files';
import { caseStoreFromEnv, financeStoreFromEnv, notifierFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { decideChargebackAs } from '../../core/use-cases/finance/decide-chargeback';
import { staffAuditTrail } from '../identity/staff-audit-trail';
import { ChargebackDecisionBodySchema, ChargebackIdSchema, chargebackDecisionOf } from './finance-http';
import { financeRecordRoute } from './finance-record-route';
import { traced } from '../../adapters/tracer';

/**
 * POST /staff/chargebacks/{chargebackId}/decision (JWT, finance): `{ outcome: "submit_evidence", reason, evidencePack:
 * { key, sha256 } }` (the reference the evidence-pack route answered; the stored pack is checked against it) or
 * `{ outcome: "accept", reason }` → 200 the chargeback and its history. Either is final.
 */

const deps = {
  finance: financeStoreFromEnv(),
  cases: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  notifier: notifierFromEnv(),
  files: s3CaseFiles(traced(new S3Client({}))),
  now: systemClock,
  audit: staffAuditTrail('POST /staff/chargebacks/{chargebackId}/decision'),
};

export const handler = financeRecordRoute({
  param: 'chargebackId',
  id: ChargebackIdSchema,
  missing: 'No such chargeback.',
  body: ChargebackDecisionBodySchema,
  status: 200,
  run: (chargebackId, actor, body) => decideChargebackAs(deps, chargebackId, actor, chargebackDecisionOf(body)),
  answer: ({ chargeback, history }) => ({ chargeback, history }),
});
