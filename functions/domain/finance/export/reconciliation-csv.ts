import { stringify } from 'csv-stringify/sync';
import type { Chargeback } from '../chargeback/model';
import { decimalAmount } from '../money-format';
import type { Refund } from '../refund/model';

/**
 * The reconciliation export finance opens in a spreadsheet or loads into its ledger. Stable column order (new
 * columns only ever go at the end), money as a plain decimal string in the currency's ISO 4217 digits next to its
 * currency code (never a float, never summed across currencies), instants as ISO 8601 UTC.
 */
export const RECONCILIATION_COLUMNS = [
  'type',
  'id',
  'case_id',
  'case_number',
  'reference',
  'status',
  'amount',
  'currency',
  'opened_at',
  'decided_at',
  'decided_by',
  'decision_reason',
  'provider_reference',
  'settled_at',
  'outcome',
] as const;
export type ReconciliationRow = Record<(typeof RECONCILIATION_COLUMNS)[number], string>;

const utc = (instant: string | undefined): string => (instant ? new Date(instant).toISOString() : '');

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe, as
 * OWASP advises against CSV injection: reasons and references are typed by people, some of them customers.
 */
const inert = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export function refundRow(refund: Refund, caseNumber = ''): ReconciliationRow {
  return {
    type: 'refund',
    id: refund.refundId,
    case_id: refund.caseId,
    case_number: caseNumber,
    reference: `${refund.reference.kind}:${refund.reference.value}`,
    status: refund.status,
    amount: decimalAmount(refund.amount),
    currency: refund.amount.currency,
    opened_at: utc(refund.proposedAt),
    decided_at: utc(refund.decision?.at),
    decided_by: refund.decision?.by.staffId ?? '',
    decision_reason: refund.decision?.reason ?? '',
    provider_reference: refund.provider.refundId ?? '',
    settled_at: utc(refund.settledAt),
    outcome: refund.status === 'failed' ? `failed: ${refund.failureReason ?? 'unknown'}` : refund.status === 'succeeded' ? 'refunded' : '',
  };
}

export function chargebackRow(chargeback: Chargeback, caseNumber = ''): ReconciliationRow {
  return {
    type: 'chargeback',
    id: chargeback.chargebackId,
    case_id: chargeback.caseId ?? '',
    case_number: caseNumber,
    reference: `transaction:${chargeback.transactionReference}`,
    status: chargeback.status,
    amount: decimalAmount(chargeback.amount),
    currency: chargeback.amount.currency,
    opened_at: utc(chargeback.openedAt),
    decided_at: utc(chargeback.submission?.at ?? (chargeback.outcome?.source === 'finance' ? chargeback.outcome.at : undefined)),
    decided_by: chargeback.submission?.by.staffId ?? '',
    decision_reason: chargeback.submission?.reason ?? chargeback.outcome?.reason ?? '',
    provider_reference: chargeback.providerDisputeId ?? '',
    settled_at: utc(chargeback.outcome?.at),
    outcome: chargeback.outcome?.result ?? '',
  };
}

/** The CSV (RFC 4180: CRLF, quotes where needed, UTF-8 with a BOM so spreadsheets read names right), rows by opening time then id. */
export function reconciliationCsv(rows: readonly ReconciliationRow[]): string {
  const sorted = [...rows].sort((a, b) => a.opened_at.localeCompare(b.opened_at) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  const safe = sorted.map((row) => Object.fromEntries(RECONCILIATION_COLUMNS.map((c) => [c, inert(row[c])])));
  return stringify(safe, { header: true, columns: [...RECONCILIATION_COLUMNS], record_delimiter: 'windows', bom: true });
}
