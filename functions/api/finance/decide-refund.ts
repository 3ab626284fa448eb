import { caseStoreFromEnv, financeStoreFromEnv, notifierFromEnv, paymentProviderFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { decideRefundAs } from '../../core/use-cases/finance/decide-refund';
import { staffAuditTrail } from '../identity/staff-audit-trail';
import { RefundDecisionBodySchema, RefundIdSchema } from './finance-http';
import { financeRecordRoute } from './finance-record-route';

/** POST /staff/refunds/{refundId}/decision (JWT): `{ outcome: "approve" | "reject", reason }` → 200 the refund and its history. */

const deps = {
  finance: financeStoreFromEnv(),
  cases: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  notifier: notifierFromEnv(),
  provider: paymentProviderFromEnv(),
  now: systemClock,
  audit: staffAuditTrail('POST /staff/refunds/{refundId}/decision'),
};

export const handler = financeRecordRoute({
  param: 'refundId',
  id: RefundIdSchema,
  missing: 'No such refund.',
  body: RefundDecisionBodySchema,
  status: 200,
  run: (refundId, actor, body) => decideRefundAs(deps, refundId, actor, body),
  answer: ({ refund, history }) => ({ refund, history }),
});
