import { startClock, type Policy } from '../policy';
import type { ClockState } from './model';

/**
 * Per-customer sequencing (itc, seed 002: "the next issue is processed within 24 hours of the previous issue being
 * processed"). The `nextIssue` clock of a case starts at the instant the same customer's previous case was resolved,
 * with the policy's `sequencing.nextIssueWithin`, and is kept like the resolution clock: stopped by a resolution
 * (met or not), paused while waiting for the customer, superseded by an escalation, breached when it falls due.
 * It runs beside the case's own clocks; whichever falls due first is what the queue and the workflow wait for.
 * A case whose window is already over when it would start (the customer came back days later) gets no such clock:
 * it is not "the next issue" of a queue of issues, and its own clocks apply.
 */
export function nextIssueClock(policy: Policy, previousResolvedAt: Date, now: Date): ClockState | undefined {
  const target = policy.sequencing?.nextIssueWithin;
  if (!target) return undefined;
  const clock = startClock(policy, 'nextIssue', target, previousResolvedAt);
  return Date.parse(clock.due!) > now.getTime() ? clock : undefined;
}
