import * as z from '../zod';

const instant = z.iso.datetime({ offset: true });

export const PauseSchema = z.strictObject({ from: instant, to: z.optional(instant), reason: z.string().check(z.minLength(1)) });
export type Pause = z.infer<typeof PauseSchema>;

/**
 * A deadline as the workflow stores and shows it: an RFC 3339 instant plus why it is due then.
 * `clock`, `due` and `explanation{clause, calendar, basis, pauses, text}` are the original contract;
 * `startedAt` and `target` were added so a timeline can show what was promised without the policy at hand.
 */
export const DeadlineSchema = z.object({
  clock: z.string(),
  due: instant,
  startedAt: z.optional(instant),
  target: z.optional(z.object({ amount: z.number(), unit: z.enum(['minutes', 'hours', 'days']), basis: z.enum(['calendar', 'business']) })),
  explanation: z.object({
    clause: z.string(),
    calendar: z.string(),
    basis: z.enum(['calendar', 'business']),
    pauses: z.array(PauseSchema),
    text: z.string(),
  }),
});
export type Deadline = z.infer<typeof DeadlineSchema>;
