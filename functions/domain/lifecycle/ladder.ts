import type { EscalationRung, Policy } from '../policy';
import type { CaseStatus, Level, StaffRole } from './model';

/**
 * The policy's escalation ladder as the lifecycle reads it. Level 0 is the front line; level n is rung n of
 * `policy.escalation.rungs`. A rung without clocks owes no deadline: reaching it closes the case with the rung's
 * information (Promptearn's "External mediation recommended"). Past the last rung there is nowhere to go, which is
 * the same situation: internal avenues are exhausted.
 */

export const rungAt = (policy: Policy, level: Level): EscalationRung | undefined => (level === 0 ? undefined : policy.escalation.rungs[level - 1]);

/** Dispute review rungs run the Dispute Resolution Team's clocks. */
const isDisputeRung = (r: EscalationRung) => r.clocks.includes('disputeUpdate') || r.clocks.includes('disputeDecision');
export const isClosingRung = (r: EscalationRung | undefined): boolean => r === undefined || r.clocks.length === 0;

/** The status a case has on a level. */
export function statusOnLevel(policy: Policy, level: Level): CaseStatus {
  const r = rungAt(policy, level);
  if (level === 0) return 'in_progress';
  if (isClosingRung(r)) return 'mediation_recommended';
  return isDisputeRung(r!) ? 'dispute_review' : 'escalated_senior';
}

/**
 * Which staff role owns a rung. The policy names roles in its own words (senior_representative, customer_room...);
 * the identity layer knows five roles. Unknown words map to `senior`: a review above the front line.
 */
const RUNG_ROLE: Record<string, StaffRole> = {
  senior_representative: 'senior',
  senior: 'senior',
  customer_service_manager: 'supervisor',
  supervisor: 'supervisor',
  dispute_resolution_team: 'dispute_team',
  dispute_team: 'dispute_team',
  finance: 'finance',
};
export function roleForLevel(policy: Policy, level: Level): StaffRole {
  if (level === 0) return 'agent';
  const r = rungAt(policy, level)!;
  return RUNG_ROLE[r.role] ?? (isDisputeRung(r) ? 'dispute_team' : 'senior');
}

/** Refunds and chargebacks move money: only finance (or a supervisor) decides them below the dispute review. */
export function financeDecides(policy: Policy, category: string): boolean {
  const c = policy.categories.find((x) => x.slug === category);
  return Boolean(c?.flags.includes('finance')) || /refund|chargeback/.test(category);
}

/** Critical cases (seed 000: system failures, transaction anomalies): the category's flag or the priority says so. */
export function isCritical(policy: Policy, category: string, priority: string): boolean {
  const c = policy.categories.find((x) => x.slug === category);
  return priority === 'critical' || Boolean(c?.flags.includes('critical'));
}

/**
 * Whether the policy offers external mediation: a closing rung (no clocks) on its ladder, as Promptearn's "External
 * mediation recommended". Without one, the top of the ladder decides and that decision is final: Redress never
 * invents a mediation the policy does not offer.
 */
export const offersMediation = (policy: Policy): boolean => policy.escalation.rungs.some((r) => isClosingRung(r));

/** What the customer is told when the top of the internal ladder has decided and the policy offers no mediation. */
export function finalDecisionNotice(policy: Policy, level: Level): string {
  const r = rungAt(policy, level);
  return `Our internal review of your case is complete: the decision of ${r ? r.label : 'our support team'} is final under our complaint policy.`;
}

/** What the customer is told when internal avenues are exhausted (the closing state's information). */
export function mediationNotice(policy: Policy, level: Level): string {
  const r = rungAt(policy, level);
  const rungWords = r && isClosingRung(r) ? ` (${r.clause})` : '';
  return (
    `Our internal resolution steps are exhausted${rungWords}. We recommend an independent mediation service to reach a fair and impartial resolution. ` +
    'Legal action is a last resort, to be considered only when internal resolution and mediation have been exhausted.'
  );
}
