/** Spans and promises of a policy, apart from schema.ts so the finance settings can use them without an import cycle. */
import * as z from '../zod';

const slug = z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case'));

/**
 * A span of time. `basis` is required on purpose: "24 hours" and "3 business days" are different promises,
 * and a policy must say which one it means (calendar time never silently becomes business time).
 * Calendar days keep the local wall-clock time in the calendar's zone (23 or 25 hours across a DST change);
 * business days are whole open days (see functions/domain/calendar/business-calendar.ts).
 */
export const DurationSchema = z.strictObject({
    amount: z.number().check(z.positive()),
    unit: z.enum(['minutes', 'hours', 'days']),
    basis: z.enum(['calendar', 'business']),
  });
export type Duration = z.infer<typeof DurationSchema>;

/** A promise with the words of the policy it comes from, so every deadline can explain itself. */
export const TargetSchema = z.extend(DurationSchema, {
  clause: z.string().check(z.minLength(1)),
  /** Which of the policy's calendars measures business time (and calendar days); the default calendar if absent. */
  calendar: z.optional(slug),
}).check(z.refine((t) => !(t.basis === 'business' && t.unit === 'days' && !Number.isInteger(t.amount)), {
    message: 'business days must be a whole number (use business hours for parts of a day)',
    path: ['amount'],
  }));
export type Target = z.infer<typeof TargetSchema>;
