import * as z from '../zod';

/**
 * The policy's `retention` block: how long the personal data of a closed case is kept, and how long a case that ended
 * with a recommendation of external mediation stays on hold (the customer may still take it to the mediator, so its
 * record must stay whole). Read through `retentionOf` (functions/domain/privacy/retention.ts).
 *
 * Calendar days, not business days: retention is a legal span, counted like a limitation period.
 */

/** The audit log outlives case data (functions/domain/access/audit-entry.ts keeps it 7 years); retention must be shorter. */
const AUDIT_KEPT_DAYS = 7 * 365;

export const RetentionSettingsSchema = z.strictObject({
    /** Calendar days after a case closes (all of the customer's cases) before its personal data is erased. */
    closedCaseDataDays: z.number().check(z.int(), z.positive(), z.lte(AUDIT_KEPT_DAYS - 1, 'the audit log is kept 7 years; case data must expire before it')),
    /** Calendar days after a case ended with external mediation recommended during which it is on legal hold. */
    mediationHoldDays: z.number().check(z.int(), z.nonnegative()),
    clause: z.string().check(z.minLength(1)),
  });
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

/**
 * What a policy that states no period gets (the five seeds name none): three years of personal data after closing,
 * the common floor for complaint records (the UK's DISP 1.9 keeps them three years; NDPR, GDPR and CCPA ask only
 * for "no longer than necessary"), and six months of hold after a mediation recommendation (the usual window to
 * bring a complaint to an ombudsman).
 */
export const DEFAULT_RETENTION: RetentionSettings = {
  closedCaseDataDays: 3 * 365,
  mediationHoldDays: 183,
  clause: 'Personal data of closed cases is kept three years after the customer’s last case closed, then erased',
};
