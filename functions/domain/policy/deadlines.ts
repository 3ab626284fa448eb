import { DateTime } from 'luxon';
import * as z from 'zod';
import type { Channel, ClockName, ClockTargets, Policy, Target } from './schema';

export const DeadlineSchema = z.object({
  clock: z.string(),
  due: z.iso.datetime({ offset: true }),
  explanation: z.object({
    clause: z.string(),
    calendar: z.string(),
    basis: z.enum(['calendar', 'business']),
    pauses: z.array(z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }).optional(), reason: z.string() })),
    text: z.string(),
  }),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export interface CaseFacts {
  category: string;
  priority: string;
  channel: Channel;
}

/** The targets in force for a case: the policy's defaults, overridden by every matching rule in order. */
export function targetsFor(policy: Policy, facts: CaseFacts): ClockTargets {
  const matches = (values: string[] | undefined, value: string) => values === undefined || values.includes(value);
  return policy.sla.rules
    .filter((r) => matches(r.when.category, facts.category) && matches(r.when.priority, facts.priority) && matches(r.when.channel, facts.channel))
    .reduce<ClockTargets>((acc, r) => ({ ...acc, ...r.targets }), { ...policy.sla.defaults });
}

function describe(target: Target): string {
  const unit = target.amount === 1 ? target.unit.replace(/s$/, '') : target.unit;
  return `${target.amount} ${target.basis === 'business' ? 'business ' : ''}${unit}`;
}

/** When a target falls due, measured from `start`, with the explanation a person reads on the case. */
export function deadlineFor(policy: Policy, clock: ClockName, target: Target, start: Date): Deadline {
  const calendarName = target.calendar ?? policy.defaultCalendar;
  const zone = policy.calendars[calendarName]!.timeZone;
  if (target.basis === 'business') {
    throw new Error(`business-time targets need the business calendar engine (clock ${clock})`);
  }
  const due = DateTime.fromJSDate(start, { zone: 'utc' }).plus({ [target.unit]: target.amount });
  const local = due.setZone(zone).toFormat("ccc d LLL yyyy, HH:mm ZZZZ");
  return {
    clock,
    due: due.toISO({ suppressMilliseconds: true })!,
    explanation: {
      clause: target.clause,
      calendar: calendarName,
      basis: target.basis,
      pauses: [],
      text: `Due ${local}: ${describe(target)} of calendar time from receipt, as the policy promises ("${target.clause}").`,
    },
  };
}

export interface IntakeDeadlines {
  acknowledgment: Deadline;
  firstResponse: Deadline;
  resolution: Deadline;
}

/** The three clocks that start when a complaint is received. */
export function planIntakeDeadlines(policy: Policy, facts: CaseFacts & { receivedAt: Date }): IntakeDeadlines {
  const targets = targetsFor(policy, facts);
  const plan = (clock: ClockName) => {
    const target = targets[clock];
    if (!target) throw new Error(`policy "${policy.name}" sets no ${clock} target for category ${facts.category}`);
    return deadlineFor(policy, clock, target, facts.receivedAt);
  };
  return { acknowledgment: plan('acknowledgment'), firstResponse: plan('firstResponse'), resolution: plan('resolution') };
}
