import type { Policy } from './policy';

/**
 * Detail fields the policy marks `sensitive` (a full bank account number): stored sealed, shown masked. Pure: the
 * sealing itself is the core's (functions/core/sealed-details.ts), through the FieldCipher port.
 */

/** The names of the category's sensitive detail fields. */
export const sensitiveFields = (policy: Policy, category: string): string[] =>
  (policy.categories.find((c) => c.slug === category)?.details ?? []).filter((f) => f.sensitive === true).map((f) => f.name);

/** What every view, mail and log shows of a sensitive value: its last four characters. */
export const masked = (value: string): string => `••••${value.slice(-4)}`;
