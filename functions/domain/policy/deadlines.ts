import { planClock, startClock, toDeadline, type CaseFacts } from '../sla/clock';
import type { Deadline } from '../sla/deadline';
import type { Policy, Target } from './schema';

export { DeadlineSchema, type Deadline } from '../sla/deadline';
export { targetsFor, type CaseFacts } from '../sla/clock';

/** When a target falls due, measured from `start`, with the explanation a person reads on the case. */
export function deadlineFor(policy: Policy, clock: string, target: Target, start: Date): Deadline {
  return toDeadline(policy, startClock(policy, clock, target, start));
}

export interface IntakeDeadlines {
  acknowledgment: Deadline;
  firstResponse: Deadline;
  resolution: Deadline;
}

/** The three clocks every policy starts when a complaint is received (the full set: `planIntake` in sla/). */
export function planIntakeDeadlines(policy: Policy, facts: CaseFacts & { receivedAt: Date }): IntakeDeadlines {
  const plan = (clock: 'acknowledgment' | 'firstResponse' | 'resolution') => planClock(policy, facts, clock, facts.receivedAt).deadline;
  return { acknowledgment: plan('acknowledgment'), firstResponse: plan('firstResponse'), resolution: plan('resolution') };
}
