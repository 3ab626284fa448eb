import * as z from '../zod';
import { MoneySchema } from '../money';
import { DurationSchema, TargetSchema } from './target-schema';

/**
 * The policy's `finance` block (optional: a policy without it sets no refund, chargeback or payout rules; the use
 * cases refuse a refund and ignore a dispute under it rather than invent limits). Read by the finance domain
 * (functions/domain/finance) through `financeSettingsOf(policy)`.
 */

const slug = z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case'));
const fieldName = z.string().check(z.regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase'));

export const RefundSettingsSchema = z.strictObject({
    /**
     * The most an agent may approve, one limit per currency. At or below it an agent (never the proposer) approves;
     * above it finance decides. A currency without a limit always goes to finance: amounts are never converted.
     */
    agentApprovalLimits: z._default(z.array(MoneySchema), []).check(z.refine((limits) => new Set(limits.map((l) => l.currency)).size === limits.length, 'one limit per currency')),
    /** How long finance has to decide a refund above the limit; then the finance lead is alerted and the customer told. */
    financeDecisionWithin: TargetSchema,
    clause: z.string().check(z.minLength(1)),
  });
export type RefundSettings = z.infer<typeof RefundSettingsSchema>;

/** A reminder ahead of a hard deadline, measured backwards from it (business time on the calendar when basis says so). */
export const ReminderAheadSchema = z.extend(DurationSchema, { label: z.optional(z.string().check(z.minLength(1))) });
export type ReminderAhead = z.infer<typeof ReminderAheadSchema>;

export const ChargebackSettingsSchema = z.strictObject({
    /** The evidence window of a chargeback an agent opens by hand (a provider's dispute carries its own due date). */
    evidenceWindow: TargetSchema,
    /** Reminders to finance before the evidence is due, e.g. 3 and 1 business days ahead. */
    reminders: z._default(z.array(ReminderAheadSchema), []),
    /** The calendar reminders are measured on; the policy's default calendar if absent. */
    calendar: z.optional(slug),
    clause: z.string().check(z.minLength(1)),
  });
export type ChargebackSettings = z.infer<typeof ChargebackSettingsSchema>;

export const PayoutSettingsSchema = z.strictObject({
    /** When a withdrawal is expected in the customer's bank account, e.g. 2 business days; late only after that. */
    arrivalWithin: TargetSchema,
    /** The complaint categories that are payout delays, and the detail field holding the withdrawal date. */
    categories: z._default(z.array(slug).check(z.minLength(1)), ['payout_delay']),
    withdrawalDateField: z._default(fieldName, 'withdrawalDate'),
  });
export type PayoutSettings = z.infer<typeof PayoutSettingsSchema>;

export const FinanceSettingsSchema = z.strictObject({
    refunds: RefundSettingsSchema,
    chargebacks: z.optional(ChargebackSettingsSchema),
    payouts: z.optional(PayoutSettingsSchema),
  });
export type FinanceSettings = z.infer<typeof FinanceSettingsSchema>;
export type FinanceSettingsInput = z.input<typeof FinanceSettingsSchema>;

/**
 * Cross-checks the finance settings against the rest of the policy (what a field-level schema cannot see): every
 * calendar named exists, every payout category exists and asks for the withdrawal date. Returned as [path, message]
 * pairs for the policy schema's superRefine, under `finance`.
 */
export function financeSettingsIssues(
  policy: { calendars: Record<string, unknown>; categories: { slug: string; details: { name: string; type: string }[] }[] },
  settings: FinanceSettings,
): [path: (string | number)[], message: string][] {
  const issues: [(string | number)[], string][] = [];
  const calendar = (path: (string | number)[], name: string | undefined) => {
    if (name !== undefined && !(name in policy.calendars)) issues.push([path, `no calendar named "${name}"; known: ${Object.keys(policy.calendars).join(', ')}`]);
  };
  calendar(['refunds', 'financeDecisionWithin', 'calendar'], settings.refunds.financeDecisionWithin.calendar);
  calendar(['chargebacks', 'evidenceWindow', 'calendar'], settings.chargebacks?.evidenceWindow.calendar);
  calendar(['chargebacks', 'calendar'], settings.chargebacks?.calendar);
  calendar(['payouts', 'arrivalWithin', 'calendar'], settings.payouts?.arrivalWithin.calendar);
  settings.payouts?.categories.forEach((slug, i) => {
    const category = policy.categories.find((c) => c.slug === slug);
    if (!category) issues.push([['payouts', 'categories', i], `no category "${slug}"`]);
    // Without the date the clock cannot start: the field must be one the form asks for, as a date or a date-time.
    else if (!category.details.some((d) => d.name === settings.payouts!.withdrawalDateField && (d.type === 'date' || d.type === 'dateTime'))) {
      issues.push([['payouts', 'categories', i], `category "${slug}" has no date detail "${settings.payouts!.withdrawalDateField}"`]);
    }
  });
  return issues;
}
