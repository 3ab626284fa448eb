import * as z from '../zod';
import { MoneySchema } from '../money';
import type { Chargeback } from './chargeback/model';
import type { Refund } from './refund/model';

const instant = z.iso.datetime({ offset: true });

/**
 * One refund or chargeback as finance lists it: what the queue, the totals and the export read without opening the
 * record. Derived from the record by {@link financeEntryOf} whenever the record is written, never edited by hand.
 */
export const FinanceEntrySchema = z.strictObject({
    kind: z.enum(['refund', 'chargeback']),
    id: z.string().check(z.minLength(1)),
    caseId: z.optional(z.string()),
    caseNumber: z.optional(z.string()),
    status: z.string(),
    amount: MoneySchema,
    openedAt: instant,
    /** Waiting on a person (a decision, an acceptance) or on a timer (reminder, deadline, provider retry). */
    pending: z.boolean(),
    /** What the queue is ordered by: when the next human step is due (the decision or evidence deadline). */
    due: z.optional(instant),
    /** When the scheduled sweep has something to do for this record (escalate, remind, expire, retry the provider). */
    timerAt: z.optional(instant),
    /** refunds: `agent` or `finance` (who may decide). */
    route: z.optional(z.string()),
    settledAt: z.optional(instant),
    providerRef: z.optional(z.string()),
  });
export type FinanceEntry = z.infer<typeof FinanceEntrySchema>;

export type FinanceRecordRef = { kind: 'refund'; record: Refund } | { kind: 'chargeback'; record: Chargeback };

const earliest = (...instants: (string | undefined)[]): string | undefined =>
  instants.filter((i): i is string => Boolean(i)).sort((a, b) => Date.parse(a) - Date.parse(b))[0];

function refundEntry(r: Refund): Omit<FinanceEntry, 'caseNumber'> {
  const base = { kind: 'refund' as const, id: r.refundId, caseId: r.caseId, status: r.status, amount: r.amount, openedAt: r.proposedAt, route: r.route };
  const extra = { ...(r.settledAt ? { settledAt: r.settledAt } : {}), ...(r.provider.refundId ? { providerRef: r.provider.refundId } : {}) };
  if (r.status === 'requested') {
    // An overdue finance decision is escalated once; after that it waits for a person, no timer.
    const timerAt = r.route === 'finance' && !r.escalatedAt ? r.decisionDue : undefined;
    return { ...base, ...extra, pending: true, due: r.decisionDue ?? r.proposedAt, ...(timerAt ? { timerAt } : {}) };
  }
  if (r.status === 'approved') {
    // Approved but not yet taken by the provider (it was unavailable): the sweep asks again, same refund id.
    const at = r.decision?.at ?? r.proposedAt;
    return { ...base, ...extra, pending: true, due: at, timerAt: at };
  }
  return { ...base, ...extra, pending: false };
}

function chargebackEntry(c: Chargeback): Omit<FinanceEntry, 'caseNumber'> {
  const base = {
    kind: 'chargeback' as const,
    id: c.chargebackId,
    ...(c.caseId ? { caseId: c.caseId } : {}),
    status: c.status,
    amount: c.amount,
    openedAt: c.openedAt,
    ...(c.providerDisputeId ? { providerRef: c.providerDisputeId } : {}),
    ...(c.outcome ? { settledAt: c.outcome.at } : {}),
  };
  if (c.status === 'open') {
    const timerAt = earliest(c.reminders.find((r) => !r.sentAt)?.at, c.evidenceDueAt);
    return { ...base, pending: true, due: c.evidenceDueAt, ...(timerAt ? { timerAt } : {}) };
  }
  // Expired: the deadline passed; finance still records the loss by accepting it.
  if (c.status === 'expired') return { ...base, pending: true, due: c.evidenceDueAt };
  return { ...base, pending: false };
}

/** The entry of a record, as every store writes it with the record. */
export function financeEntryOf(ref: FinanceRecordRef, caseNumber?: string): FinanceEntry {
  const entry = ref.kind === 'refund' ? refundEntry(ref.record) : chargebackEntry(ref.record);
  return { ...entry, ...(caseNumber ? { caseNumber } : {}) };
}

/** The queue's order: due first, then opening, then id (stable across pages and stores). */
export const byDue = (a: FinanceEntry, b: FinanceEntry): number =>
  (a.due ?? a.openedAt).localeCompare(b.due ?? b.openedAt) || a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id);
