/**
 * The finance domain: refunds (maker–checker, threshold, provider-driven status), provider webhooks, chargebacks,
 * payout delays and the reconciliation export. Pure: no AWS SDK, no I/O. The evidence-pack PDF and the CSV export
 * are separate entries (chargeback/evidence-pdf.ts, export/reconciliation-csv.ts) so that only the handlers that
 * render them bundle pdf-lib or csv-stringify.
 */
export * from '../policy/finance-schema';
export * from './outcome';
export * from './money-format';
export * from './payment-provider';
export * from './refund/model';
export * from './refund/commands';
export { approvalRoute } from './refund/route';
export { proposeRefund, type RefundProposed } from './refund/propose';
export { decideRefund, type RefundChanged, type RefundEffect, type RefundOutcome, type RefundUnchanged } from './refund/decide';
export * from './chargeback/model';
export * from './chargeback/commands';
export { signatureHeader, verifySignature, DEFAULT_TOLERANCE_SECONDS, type SignatureCheck, type SignatureFailure } from './webhooks/signature';
export * from './webhooks/events';
export { mapProviderEvent, type MappedEvent } from './webhooks/map-event';
export { receiveWebhook, type WebhookContext, type WebhookDelivery, type WebhookVerdict } from './webhooks/receive';
export { aheadOf } from './chargeback/ahead-of';
export { openChargeback, planReminders, OpenChargebackSchema, type ChargebackOpened, type OpenChargeback } from './chargeback/open';
export { decideChargeback, type ChargebackChanged, type ChargebackDecision, type ChargebackUnchanged } from './chargeback/decide';
export { EvidencePackInputSchema, evidenceSections, type EvidencePack, type EvidencePackInput, type EvidenceSection } from './chargeback/evidence-pack';
export { expectedPayoutArrival, isPayoutLate, withdrawalOf, WithdrawalSchema, type PayoutExpectation, type Withdrawal } from './payout/expected-arrival';
export { evidencePackFromCase, type EvidenceFacts } from './chargeback/evidence-from-case';
export { chargebackFromProviderEvent } from './chargeback/from-provider';
export { FinanceEntrySchema, financeEntryOf, byDue, type FinanceEntry, type FinanceRecordRef } from './entry';
export { financeSettingsOf } from './settings-of';
