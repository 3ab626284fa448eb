import * as z from './zod';
import type { Case } from './case';
import type { Policy } from './policy';

/**
 * The customer's payout details on a case (the fields the policy marks `payout`: bank, account, the account number
 * already masked). Seeing them is a sensitive operation: the customer's view carries them only after a fresh step-up,
 * and otherwise says that a step-up unlocks them. Staff views are governed by the access table, not by this.
 */

export const PayoutDetailSchema = z.strictObject({ name: z.string(), label: z.string(), value: z.string() }).register(z.globalRegistry, { id: 'PayoutDetail' });
export type PayoutDetail = z.infer<typeof PayoutDetailSchema>;

export const PAYOUT_LOCKED = 'Your payout details (bank and account) are hidden: confirm it is you with a one-time code sent to your email to see them.';

/** The case's payout details the customer gave (an erased case has none left). */
export function payoutDetailsOf(policy: Policy, theCase: Pick<Case, 'category' | 'details'>): PayoutDetail[] {
  const fields = policy.categories.find((c) => c.slug === theCase.category)?.details.filter((f) => f.payout === true) ?? [];
  return fields.flatMap((f) => {
    const value = theCase.details[f.name];
    return typeof value === 'string' && value !== '' ? [{ name: f.name, label: f.label, value }] : [];
  });
}

/** The view's part: the details when unlocked, the sentence that a step-up unlocks them otherwise, nothing when there are none. */
export function payoutSection(policy: Policy, theCase: Pick<Case, 'category' | 'details'>, unlocked: boolean): { payoutDetails?: PayoutDetail[]; payoutDetailsLocked?: string } {
  const details = payoutDetailsOf(policy, theCase);
  if (details.length === 0) return {};
  return unlocked ? { payoutDetails: details } : { payoutDetailsLocked: PAYOUT_LOCKED };
}
