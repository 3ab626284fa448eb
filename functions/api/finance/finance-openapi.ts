import type { OpenApiRegistry } from '../openapi-registry';
import * as z from '../../domain/zod';
import { EvidencePackRequestSchema, StoredEvidencePackSchema } from '../../core/use-cases/finance/evidence-pack-schemas';
import { RefundRequestSchema } from '../../core/use-cases/finance/propose-refund';
import { FinanceEntrySchema } from '../../domain/finance/entry';
import { RefundEventSchema, RefundSchema } from '../../domain/finance/refund/model';
import { FinanceExportQuerySchema, FinanceQueueQuerySchema, FinanceTotalsQuerySchema, FinanceTotalsRowSchema } from '../../domain/finance/views';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../http/problem';
import { ChargebackEventSchema, ChargebackSchema } from '../../domain/finance/chargeback/model';
import { ChargebackDecisionBodySchema, ChargebackIdSchema, RefundDecisionBodySchema } from './finance-http';

/** The finance routes in the OpenAPI document, from the schemas the handlers validate with. */
export function registerFinanceRoutes(registry: OpenApiRegistry): void {
  const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });
  const json = (description: string, schema: z.ZodMiniType) => ({ description, content: { 'application/json': { schema } } });
  const staff = { 401: problem('No valid staff token'), 403: problem('Not this role: the finance views are for finance and supervisors; above the agent limit only finance decides; never the proposer') };
  const refundAnswer = z.object({ refund: RefundSchema, history: z.array(RefundEventSchema) }).register(z.globalRegistry, { id: 'RefundWithHistory' });

  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/refunds',
    operationId: 'proposeRefund',
    tags: ['Finance'],
    summary: "Propose a refund on a complaint (integer minor units and an ISO 4217 currency); the policy's agent limit decides who may approve it",
    security: [{ staffJwt: [] }],
    request: { params: z.object({ id: z.uuid() }), body: { required: true, content: { 'application/json': { schema: RefundRequestSchema.clone().register(z.globalRegistry, { id: 'RefundRequest' }) } } } },
    responses: {
      201: json('The proposed refund', refundAnswer),
      ...staff,
      400: problem('Malformed JSON'),
      404: problem('No such complaint'),
      415: problem('The body is not application/json'),
      422: problem('Invalid fields (named in `errors`), a currency other than the payment, more than was paid'),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/staff/refunds/{refundId}/decision',
    operationId: 'decideRefund',
    tags: ['Finance'],
    summary: 'Approve or reject a proposed refund, with a reason; an approval asks the payment provider to pay',
    security: [{ staffJwt: [] }],
    request: { params: z.object({ refundId: z.uuid() }), body: { required: true, content: { 'application/json': { schema: RefundDecisionBodySchema } } } },
    responses: {
      200: json('The refund after the decision', refundAnswer),
      ...staff,
      400: problem('Malformed JSON'),
      404: problem('No such refund'),
      409: problem('Already decided (by someone else, or a moment ago)'),
      415: problem('The body is not application/json'),
      422: problem('Invalid fields (a reason is required)'),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/staff/chargebacks/{chargebackId}/evidence-pack',
    operationId: 'buildEvidencePack',
    tags: ['Finance'],
    summary: "Build the chargeback's evidence pack (one PDF: transaction, what the customer was told, the case's files) and store it with the case's files; answers its reference for the submission and a short-lived link",
    security: [{ staffJwt: [] }],
    request: { params: z.object({ chargebackId: ChargebackIdSchema }), body: { required: true, content: { 'application/json': { schema: EvidencePackRequestSchema } } } },
    responses: {
      201: json('The stored pack', StoredEvidencePackSchema),
      401: problem('No valid staff token'),
      403: problem('Only finance builds an evidence pack'),
      400: problem('Malformed JSON'),
      404: problem('No such chargeback'),
      409: problem('The chargeback is linked to no complaint'),
      415: problem('The body is not application/json'),
      422: problem('Invalid fields (a statement is required)'),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/staff/chargebacks/{chargebackId}/decision',
    operationId: 'decideChargeback',
    tags: ['Finance'],
    summary: 'Submit the stored evidence pack (before the evidence deadline) or accept the chargeback, with a reason; either is final',
    security: [{ staffJwt: [] }],
    request: { params: z.object({ chargebackId: ChargebackIdSchema }), body: { required: true, content: { 'application/json': { schema: ChargebackDecisionBodySchema } } } },
    responses: {
      200: json('The chargeback after the decision', z.object({ chargeback: ChargebackSchema, history: z.array(ChargebackEventSchema) }).register(z.globalRegistry, { id: 'ChargebackWithHistory' })),
      401: problem('No valid staff token'),
      403: problem('Only finance submits evidence or accepts a chargeback'),
      400: problem('Malformed JSON'),
      404: problem('No such chargeback'),
      409: problem('Already submitted or accepted (a decision cannot be undone or repeated)'),
      410: problem('The evidence deadline has passed: evidence is no longer taken (accepting still is)'),
      415: problem('The body is not application/json'),
      422: problem("Invalid fields, named in `errors`: a reason is required; `evidencePack.key` names no stored pack of this chargeback, or `evidencePack.sha256` is not the stored pack's digest"),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/staff/finance/queue',
    operationId: 'listFinanceQueue',
    tags: ['Finance'],
    summary: 'Pending finance decisions (refunds awaiting a decision or the provider, open and expired chargebacks), ordered by due',
    security: [{ staffJwt: [] }],
    request: { query: FinanceQueueQuerySchema },
    responses: { 200: json('The queue', z.object({ items: z.array(FinanceEntrySchema) }).register(z.globalRegistry, { id: 'FinanceQueue' })), ...staff, 422: problem('Invalid filter (named in `errors`)') },
  });

  registry.registerPath({
    method: 'get',
    path: '/staff/finance/totals',
    operationId: 'financeTotals',
    tags: ['Finance'],
    summary: 'Counts and sums by period, currency, kind and status; never summed across currencies',
    security: [{ staffJwt: [] }],
    request: { query: FinanceTotalsQuerySchema },
    responses: {
      200: json('The totals', z.object({ zone: z.string(), period: z.enum(['day', 'week', 'month']), rows: z.array(FinanceTotalsRowSchema) }).register(z.globalRegistry, { id: 'FinanceTotals' })),
      ...staff,
      422: problem('Invalid query (named in `errors`)'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/staff/finance/export.csv',
    operationId: 'exportReconciliation',
    tags: ['Finance'],
    summary: 'Reconciliation CSV of refunds and chargebacks opened in [from, to): stable columns, money as decimal strings with currency, ISO 8601 UTC',
    security: [{ staffJwt: [] }],
    request: { query: FinanceExportQuerySchema },
    responses: { 200: { description: 'RFC 4180 CSV, UTF-8 with a byte order mark', content: { 'text/csv': { schema: z.string() } } }, ...staff, 422: problem('Invalid query (named in `errors`)') },
  });

  registry.registerPath({
    method: 'post',
    path: '/webhooks/payments',
    operationId: 'receivePaymentWebhook',
    tags: ['Finance'],
    security: [],
    summary: "The payment provider's refund and dispute events, signed `payment-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\">`",
    request: {
      headers: z.object({ 'payment-signature': z.string().register(z.globalRegistry, { description: 'Checked against the raw body with a 300 s tolerance' }) }),
      body: { required: true, content: { 'application/json': { schema: z.object({ id: z.string(), type: z.string(), created: z.number().check(z.int()), data: z.object({ object: z.looseObject({}) }) }).register(z.globalRegistry, { id: 'ProviderEvent' }) } } },
    },
    responses: {
      200: json('Received: applied, ignored (unknown type, stale, duplicate) or a replay', z.object({ received: z.literal(true), handled: z.enum(['applied', 'ignored', 'replay']) }).register(z.globalRegistry, { id: 'WebhookReceipt' })),
      400: problem('Forged, stale or malformed: nothing changed'),
      413: problem('The body exceeds 64 KiB'),
    },
  });
}
