import * as z from 'zod';

const instant = z.iso.datetime({ offset: true });

/** A hold an admin placed by hand on one case (litigation, a regulator's request), with why; released by an admin. */
export const ManualHoldSchema = z
  .object({
    caseId: z.uuid(),
    reason: z.string().trim().min(1, 'say why the case is held').max(500, 'at most 500 characters'),
    placedBy: z.string().min(1),
    placedAt: instant,
  })
  .strict()
  .meta({ id: 'LegalHold' });
export type ManualHold = z.infer<typeof ManualHoldSchema>;

/**
 * Why a case is on legal hold, each a reason its personal data may be neither erased nor expired: the case is under
 * dispute (with the Dispute Resolution Team, or within the mediation window after a recommendation of mediation), a
 * chargeback on it is not settled, or an admin placed a hold.
 */
export type HoldReason =
  | { kind: 'dispute'; status: 'dispute_review' | 'mediation_recommended'; until?: string }
  | { kind: 'chargeback'; chargebackId: string }
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
