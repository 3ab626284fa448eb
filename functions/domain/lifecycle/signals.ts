import * as z from '../zod';
import { CLOCK_NAMES } from '../policy';
import { ClockIdSchema, instant, type ClockId, type LifecycleState } from './model';

/**
 * How a decision talks to the workflow. Each non-final phase of a case is ONE callback state in the state
 * machine (docs/lifecycle.md); its timeout is the earliest running clock. A decision that changes the phase or the
 * earliest deadline completes the waiting step (SendTaskSuccess); everything else (notes, claims, ratings,
 * customer messages) is a plain table write and costs no state transition.
 */

export const WorkflowStepSchema = z.enum([
  'acknowledge', // the Acknowledge task (not a callback)
  'firstResponse',
  'resolution',
  'customerInfo',
  'customerVerdict',
  'seniorReview',
  'disputeReview',
  'done', // final: the execution ends
]);
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

export const NextTimerSchema = z.strictObject({ clock: ClockIdSchema, due: instant });
export type NextTimer = z.infer<typeof NextTimerSchema>;

export const WorkflowSignalSchema = z.strictObject({
    /** The step whose wait this decision ends. */
    completes: WorkflowStepSchema,
    /** How the wait ended: a human callback (send the task token), a timer that fired (the Catch path applies it), or a task. */
    via: z.enum(['callback', 'timer', 'task']),
    /** The step to wait in next. */
    next: WorkflowStepSchema,
    /** The next wait's timeout: the earliest running clock, absent when nothing runs (a final case). */
    timer: z.optional(NextTimerSchema),
  });
export type WorkflowSignal = z.infer<typeof WorkflowSignalSchema>;

export function stepOf(s: Pick<LifecycleState, 'status' | 'firstRespondedAt'>): WorkflowStep {
  switch (s.status) {
    case 'received':
      return 'acknowledge';
    case 'acknowledged':
    case 'in_progress':
      return s.firstRespondedAt ? 'resolution' : 'firstResponse';
    case 'awaiting_customer':
      return 'customerInfo';
    case 'resolved':
      return 'customerVerdict';
    case 'escalated_senior':
      return 'seniorReview';
    case 'dispute_review':
      return 'disputeReview';
    case 'closed':
    case 'mediation_recommended':
      return 'done';
  }
}

/** The earliest running clock: when the current wait must time out. Paused clocks never count. */
export function nextTimer(s: Pick<LifecycleState, 'clocks'>): NextTimer | undefined {
  let best: NextTimer | undefined;
  for (const [clock, c] of Object.entries(s.clocks) as [ClockId, NonNullable<LifecycleState['clocks'][ClockId]>][]) {
    if (c.status !== 'running' || !c.due) continue;
    if (!best || Date.parse(c.due) < Date.parse(best.due) || (c.due === best.due && precedence(clock) < precedence(best.clock))) best = { clock, due: c.due };
  }
  return best;
}

/**
 * Clocks due at the same instant apply in the policy's clock order (a promise's breach before the escalation it
 * leads to), never in the order a store happens to return a map's keys.
 */
const precedence = (clock: ClockId): number => CLOCK_NAMES.indexOf(clock);

/** Clocks that are due at `now`, earliest first (what a fired timer applies, one `timeout` action each). */
export function dueClocks(s: Pick<LifecycleState, 'clocks'>, now: Date): ClockId[] {
  return (Object.entries(s.clocks) as [ClockId, NonNullable<LifecycleState['clocks'][ClockId]>][])
    .filter(([, c]) => c.status === 'running' && c.due !== undefined && Date.parse(c.due) <= now.getTime())
    .sort((a, b) => Date.parse(a[1].due!) - Date.parse(b[1].due!) || precedence(a[0]) - precedence(b[0]))
    .map(([id]) => id);
}
