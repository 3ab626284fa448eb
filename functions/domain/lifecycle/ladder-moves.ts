import type { Policy } from '../policy';
import type { Draft } from './draft';
import { FRONT_LINE_CLOCKS } from './draft';
import { finalDecisionNotice, isClosingRung, mediationNotice, offersMediation, rungAt, statusOnLevel } from './ladder';
import type { ClosureReason, EscalationRecord, Level } from './model';
import type { Recipient } from './notifications';

/**
 * The moves along the policy's escalation ladder that several actors share: climbing a rung, recommending external
 * mediation at the top, and closing. Staff, customer and system decisions call these; the ladder's shape itself is
 * read in ladder.ts.
 */

export type ClimbTrigger = 'automatic' | 'customer' | 'staff' | 'timeout';

/** Whether a case may climb to the next rung by this trigger (the rung's `entry` says how it is reached). */
export function mayClimb(policy: Policy, level: Level, trigger: ClimbTrigger): boolean {
  const next = rungAt(policy, level + 1);
  if (!next) return false;
  if (level === 0) return trigger === 'staff' || next.entry.includes(trigger === 'customer' ? 'customerRequest' : 'automatic');
  return next.entry.includes('previousRung');
}

/** The case goes one rung up the policy's ladder; a closing rung (or none) means mediation is recommended. */
export function climb(d: Draft, trigger: ClimbTrigger) {
  const level = d.state.level + 1;
  const rung = rungAt(d.policy, level);
  if (!rung || isClosingRung(rung) || !mayClimb(d.policy, d.state.level, trigger)) {
    const reason = trigger === 'customer' ? 'The customer disputed the decision of the last internal review.' : 'No further internal review.';
    if (offersMediation(d.policy)) toMediation(d, reason);
    else finalDecision(d, reason);
    return;
  }
  const why =
    trigger === 'automatic'
      ? 'it was not resolved in time'
      : trigger === 'customer'
        ? 'you asked for an escalation'
        : trigger === 'timeout'
          ? 'the previous review did not answer in time'
          : 'our team asked for a review at a higher level';
  moveTo(d, level, { trigger }, why, trigger === 'automatic' ? (d.state.clocks.autoEscalation?.clause ?? rung.clause) : rung.clause);
}

/**
 * Applies the matched escalation triggers not applied yet: the case goes straight to the highest of their rungs when
 * that is above where it is (skipping rungs between: "billing disputes over $100" go to a supervisor at once), with
 * the rung's clocks and notifications. A trigger whose rung the case has already reached is recorded as applied.
 */
export function applyTriggers(d: Draft) {
  const pending = d.state.triggers.filter((t) => t.appliedAt === undefined);
  if (pending.length === 0) return;
  const levelOf = (rung: string) => d.policy.escalation.rungs.findIndex((r) => r.slug === rung) + 1;
  const top = pending.reduce((a, b) => (levelOf(b.rung) > levelOf(a.rung) ? b : a));
  d.state.triggers = d.state.triggers.map((t) => (t.appliedAt === undefined ? { ...t, appliedAt: d.at } : t));
  const level = levelOf(top.rung);
  if (level <= d.state.level) return;
  if (isClosingRung(rungAt(d.policy, level))) {
    toMediation(d, `Escalation rule: ${top.clause}`);
    return;
  }
  moveTo(d, level, { trigger: 'trigger', rule: top.slug }, 'our policy sends cases like this one there at once', top.clause);
}

/** The case arrives on `level` (a rung with clocks): front-line and lower-rung clocks end, the rung's clocks start. */
function moveTo(d: Draft, level: Level, how: Pick<EscalationRecord, 'trigger' | 'rule'>, why: string, clause: string) {
  const policy = d.policy;
  const rung = rungAt(policy, level)!;
  d.stop(...FRONT_LINE_CLOCKS, 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'followUp', 'followUpClose', 'silenceReminder', 'silenceClose');
  d.resumeAll();
  d.state.level = level;
  d.state.rung = rung.slug;
  d.state.assignee = undefined;
  d.state.resolution = undefined;
  d.state.resumeTo = undefined;
  d.state.escalations = [...d.state.escalations, { at: d.at, to: rung.slug, ...how }];
  const status = statusOnLevel(policy, level);
  d.setStatus(status);
  for (const c of rung.clocks) d.start(c);
  d.event(status === 'dispute_review' ? 'escalated_dispute_review' : 'escalated_senior', `Your case was escalated to the ${rung.label} because ${why}.`, 'customer', { clause });
  const template = status === 'dispute_review' ? 'escalated_dispute_review' : 'escalated_senior';
  const vars: Record<string, string> = { rung: rung.label, trigger: how.trigger };
  if (how.trigger === 'trigger') vars.reason = clause;
  for (const c of rung.clocks) if (d.state.clocks[c]?.due) vars[`${c}Due`] = d.state.clocks[c]!.due!;
  // The policy says who is told on this rung; the rung's own team always is (its queue).
  const recipients = new Set<Recipient>(rung.notify.map((n) => (n === 'department' ? 'senior_team' : n)));
  recipients.add(status === 'dispute_review' ? 'dispute_team' : 'senior_team');
  for (const to of recipients) d.notify(to, template, vars);
}

export function toMediation(d: Draft, reason: string) {
  const notice = mediationNotice(d.policy, d.state.level + 1);
  d.stopAll();
  d.setStatus('mediation_recommended');
  d.state.closure = { at: d.at, reason: 'mediation_recommended' };
  d.state.resumeTo = undefined;
  d.event('mediation_recommended', notice, 'customer', { clause: rungAt(d.policy, d.state.level + 1)?.clause ?? 'External mediation; legal action as the last resort', deadlines: [] });
  d.notify('customer', 'mediation_recommended', { notice, reason });
  d.notify('supervisor', 'mediation_recommended', { reason });
}

/** The top of the ladder has decided and the policy offers no mediation: the case closes with that decision final. */
export function finalDecision(d: Draft, reason: string) {
  const notice = finalDecisionNotice(d.policy, d.state.level);
  d.stopAll();
  d.setStatus('closed');
  d.state.closure = { at: d.at, reason: 'final_decision' };
  d.state.resumeTo = undefined;
  d.event('closed', notice, 'customer', { clause: rungAt(d.policy, d.state.level)?.clause, deadlines: [] });
  d.notify('customer', 'final_decision', { notice, reason });
}

export function close(d: Draft, reason: ClosureReason, summary: string) {
  d.stopAll();
  d.setStatus('closed');
  d.state.closure = { at: d.at, reason };
  d.state.resumeTo = undefined;
  d.event('closed', summary, 'customer', { deadlines: [] });
  d.notify('customer', 'closed', { reason });
}

/** The first human answer on the case: the first-response promise is kept (or its breach stays recorded). */
export function firstResponse(d: Draft, when: Date = d.now) {
  if (d.state.firstRespondedAt) return;
  d.state.firstRespondedAt = when.toISOString();
  d.stopAt(when, 'firstResponse');
}
