import { caseStoreFromEnv, financeStoreFromEnv, notifierFromEnv, paymentProviderFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { notFound } from '../../core/outcomes';
import { decideRefundAs } from '../../core/use-cases/finance/decide-refund';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { financeActorOf, parseOr422, RefundDecisionBodySchema, RefundIdSchema } from './finance-http';
import { staffAuditTrail } from '../identity/staff-audit-trail';

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

export const handler = jsonHandler(async (event) => {
  const actor = financeActorOf(event as unknown as MaybeJwtEvent);
  const refundId = event.pathParameters?.refundId ?? '';
  if (!RefundIdSchema.safeParse(refundId).success) throw refusalProblem(notFound('No such refund.'));
  const body = parseOr422(RefundDecisionBodySchema, event.body);
  const { refund, history } = accepted(await decideRefundAs(deps, refundId, actor, body));
  return jsonResponse(200, { refund, history }, { 'cache-control': 'no-store' });
});
