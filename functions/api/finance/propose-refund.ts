import { caseStoreFromEnv, financeStoreFromEnv, newCaseId, notifierFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { notFound } from '../../core/outcomes';
import { proposeRefundOnCase, RefundRequestSchema } from '../../core/use-cases/finance/propose-refund';
import { isCaseId } from '../http/case-id';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import type { MaybeJwtEvent } from '../http/staff-claims';
import { financeActorOf, parseOr422 } from './finance-http';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** POST /staff/complaints/{id}/refunds (JWT): `{ amount: { amountMinor, currency }, reason, reference, original? }` → 201 the refund. */

const deps = { finance: financeStoreFromEnv(), cases: caseStoreFromEnv(), policies: policiesFromEnv(), notifier: notifierFromEnv(), now: systemClock, newId: newCaseId, audit: staffAuditTrail('POST /staff/complaints/{id}/refunds') };

export const handler = jsonHandler(async (event) => {
  const actor = financeActorOf(event as unknown as MaybeJwtEvent);
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound('No such complaint.'));
  const request = parseOr422(RefundRequestSchema, event.body);
  const { refund, history } = accepted(await proposeRefundOnCase(deps, id, actor, request));
  return jsonResponse(201, { refund, history }, { 'cache-control': 'no-store' });
});
