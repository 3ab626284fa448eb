import * as z from '../zod';

const instant = z.iso.datetime({ offset: true });

/** A hold an admin placed by hand on one case (litigation, a regulator's request), with why; released by an admin. */
export const ManualHoldSchema = z.strictObject({
    caseId: z.uuid(),
    reason: z.string().check(z.trim(), z.minLength(1, 'say why the case is held'), z.maxLength(500, 'at most 500 characters')),
    placedBy: z.string().check(z.minLength(1)),
    placedAt: instant,
  }).register(z.globalRegistry, { id: 'LegalHold' });
export type ManualHold = z.infer<typeof ManualHoldSchema>;

/**
 * Why a case is on legal hold, each a reason its personal data may be neither erased nor expired: the case is under
 * dispute (with the Dispute Resolution Team, or within the mediation window after a recommendation of mediation), a
 * chargeback on it is not settled, or an admin placed a hold. `since`: when the hold began.
 */
export type HoldReason =
  | { kind: 'dispute'; status: 'dispute_review' | 'mediation_recommended'; since: string; until?: string }
  | { kind: 'chargeback'; chargebackId: string; since: string }
  | { kind: 'manual'; reason: string; placedBy: string; placedAt: string };

/** One sentence per hold, for the 409 problem+json and the sweep's log (ids and statuses only: no personal data). */
export function describeHold(caseNumber: string, h: HoldReason): string {
  switch (h.kind) {
    case 'dispute':
      return h.status === 'dispute_review'
        ? `case ${caseNumber} is under review by the Dispute Resolution Team`
        : `case ${caseNumber} ended with external mediation recommended; it stays whole until ${h.until}`;
    case 'chargeback':
      return `chargeback ${h.chargebackId} on case ${caseNumber} is not settled`;
    case 'manual':
      return `an admin placed case ${caseNumber} on legal hold on ${h.placedAt}: ${h.reason}`;
  }
}

/**
 * A hold standing on a case as staff see it on the case (`GET /staff/complaints/{id}`), so they see why it can be
 * neither erased nor expired: an admin's (with their reason and staff id), or one the case carries on its own.
 */
export const StandingHoldSchema = z.strictObject({
    kind: z.enum(['manual', 'dispute', 'chargeback']),
    /** The admin's reason for a manual hold; for the others, what holds the case. */
    reason: z.string().check(z.minLength(1)),
    /** When the hold began: placed, the case taken to the Dispute Resolution Team or closed with mediation recommended, the chargeback opened. */
    since: instant,
    /** When it ends by itself (the mediation window); absent: when what holds the case is over, or when an admin releases it. */
    until: z.optional(instant),
    /** manual: the admin who placed it (staff id). */
    placedBy: z.optional(z.string().check(z.minLength(1))),
    /** chargeback: which one. */
    chargebackId: z.optional(z.string().check(z.minLength(1))),
  }).register(z.globalRegistry, { id: 'CaseLegalHold' });
export type StandingHold = z.infer<typeof StandingHoldSchema>;

/** A hold as staff see it; the reason of an automatic hold names what holds the case, never the customer. */
export function standingHold(h: HoldReason): StandingHold {
  switch (h.kind) {
    case 'dispute':
      return h.status === 'dispute_review'
        ? { kind: 'dispute', reason: 'Under review by the Dispute Resolution Team', since: h.since }
        : { kind: 'dispute', reason: 'External mediation recommended: the case stays whole through the mediation window', since: h.since, ...(h.until ? { until: h.until } : {}) };
    case 'chargeback':
      return { kind: 'chargeback', reason: `Chargeback ${h.chargebackId} is not settled`, since: h.since, chargebackId: h.chargebackId };
    case 'manual':
      return { kind: 'manual', reason: h.reason, since: h.placedAt, placedBy: h.placedBy };
  }
}
