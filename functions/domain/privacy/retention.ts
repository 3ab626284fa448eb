import type { Case } from '../case';
import type { ChargebackStatus } from '../finance/chargeback/model';
import { isFinal } from '../lifecycle/model';
import type { Policy } from '../policy';
import type { HoldReason, ManualHold } from './legal-hold';

/**
 * Retention of closed cases' personal data and the legal holds that suspend it, as pure rules. The sweep
 * (functions/core/use-cases/expire-personal-data.ts) and erasure (erase-customer-data.ts) ask these.
 *
 * The customer's data key is shared by all their cases (crypto-shredding erases them together), so expiry is per
 * customer: their personal data expires when every case they filed is final and past its policy's period, and none
 * is on hold. A case that is not final (none can be reopened today, but a later reopen would make it so) has no
 * expiry: the expiry is computed from the case as it is, never stored, so nothing needs clearing.
 */

const DAY_MS = 86_400_000;

/** When the case ended: its closure, or its last update for a final case closed before closures were recorded. */
const endedAt = (c: Case): string | undefined => (isFinal(c.status) ? (c.lifecycle.closure?.at ?? c.updatedAt) : undefined);

const plusDays = (at: string, days: number): string => new Date(Date.parse(at) + days * DAY_MS).toISOString();

/** When the case's personal data expires under its policy; undefined while it is open. */
export function personalDataExpiresAt(c: Case, policy: Pick<Policy, 'retention'>): string | undefined {
  const ended = endedAt(c);
  return ended === undefined ? undefined : plusDays(ended, policy.retention.closedCaseDataDays);
}

/** Chargebacks that still dispute money on a case: not accepted, won or lost (an expired one waits for finance). */
const UNSETTLED: ReadonlySet<ChargebackStatus> = new Set(['open', 'submitted', 'expired']);
export const isUnsettled = (status: string): boolean => UNSETTLED.has(status as ChargebackStatus);

/** What the hold rules need to know about a case beyond the case itself. */
export interface HoldFacts {
  /** The case's chargebacks that are not settled: id and when each was opened. */
  unsettledChargebacks: readonly { chargebackId: string; openedAt: string }[];
  manual?: ManualHold;
}

/** Every reason the case is on legal hold at `now`; empty when it is not. */
export function holdsOn(c: Case, policy: Pick<Policy, 'retention'>, facts: HoldFacts, now: Date): HoldReason[] {
  const holds: HoldReason[] = [];
  // Taken to the Dispute Resolution Team by its newest escalation.
  if (c.status === 'dispute_review') holds.push({ kind: 'dispute', status: 'dispute_review', since: c.lifecycle.escalations.at(-1)?.at ?? c.updatedAt });
  if (c.status === 'mediation_recommended') {
    const ended = endedAt(c)!;
    const until = plusDays(ended, policy.retention.mediationHoldDays);
    if (Date.parse(until) > now.getTime()) holds.push({ kind: 'dispute', status: 'mediation_recommended', since: ended, until });
  }
  for (const { chargebackId, openedAt } of facts.unsettledChargebacks) holds.push({ kind: 'chargeback', chargebackId, since: openedAt });
  if (facts.manual) holds.push({ kind: 'manual', reason: facts.manual.reason, placedBy: facts.manual.placedBy, placedAt: facts.manual.placedAt });
  return holds;
}

/** Whether a customer's personal data has expired: every case final and past its period at `now` (holds are checked apart). */
export function customerDataExpired(cases: readonly { theCase: Case; policy: Pick<Policy, 'retention'> }[], now: Date): boolean {
  return (
    cases.length > 0 &&
    cases.every(({ theCase, policy }) => {
      const at = personalDataExpiresAt(theCase, policy);
      return at !== undefined && Date.parse(at) <= now.getTime();
    })
  );
}
