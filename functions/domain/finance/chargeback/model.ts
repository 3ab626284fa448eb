import * as z from '../../zod';
import { MoneySchema } from '../../money';
import { StaffRefSchema } from '../refund/model';

const instant = z.iso.datetime({ offset: true });

/**
 * A chargeback's status. open: evidence may be submitted until the due instant. submitted: evidence sent (cannot be
 * undone). accepted: finance chose not to contest (final). expired: the due instant passed without evidence.
 * won / lost: the card network's outcome, from the provider.
 */
export const ChargebackStatusSchema = z.enum(['open', 'submitted', 'accepted', 'expired', 'won', 'lost']);
export type ChargebackStatus = z.infer<typeof ChargebackStatusSchema>;

/** State precedence, as for refunds: an event that would lower the rank is stale. */
export const CHARGEBACK_RANK: Readonly<Record<ChargebackStatus, number>> = { open: 0, submitted: 1, accepted: 1, expired: 1, won: 2, lost: 2 };

export const ChargebackOutcomeSchema = z.strictObject({ result: z.enum(['won', 'lost', 'accepted']), at: instant, source: z.enum(['provider', 'finance']), reason: z.optional(z.string()) });
export type ChargebackOutcome = z.infer<typeof ChargebackOutcomeSchema>;

export const ReminderSchema = z.strictObject({ at: instant, label: z.string(), sentAt: z.optional(instant) });
export type Reminder = z.infer<typeof ReminderSchema>;

/** The stored evidence pack: where the PDF is and its digest, so what was submitted can be proven later. */
export const EvidencePackRefSchema = z.strictObject({ key: z.string().check(z.minLength(1)), sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)) });
export type EvidencePackRef = z.infer<typeof EvidencePackRefSchema>;

export const ChargebackSchema = z.strictObject({
    chargebackId: z.string().check(z.minLength(1)),
    /** The complaint this chargeback belongs to, when one exists. */
    caseId: z.optional(z.string().check(z.minLength(1))),
    providerDisputeId: z.optional(z.string().check(z.minLength(1))),
    transactionReference: z.string().check(z.minLength(1)),
    amount: MoneySchema,
    reason: z.string(),
    status: ChargebackStatusSchema,
    /** Hard: evidence at or after this instant is refused. */
    evidenceDueAt: instant,
    evidenceDueSource: z.enum(['provider', 'policy']),
    evidenceDueExplanation: z.string(),
    reminders: z.array(ReminderSchema),
    openedBy: z.union([StaffRefSchema, z.strictObject({ role: z.literal('provider') })]),
    openedAt: instant,
    submission: z.optional(z.strictObject({ by: StaffRefSchema, at: instant, reason: z.string(), evidencePack: EvidencePackRefSchema })),
    outcome: z.optional(ChargebackOutcomeSchema),
    provider: z._default(z.strictObject({ lastEventId: z.optional(z.string()), lastEventAt: z.optional(instant) }), {}),
    version: z.number().check(z.int(), z.nonnegative()),
  });
export type Chargeback = z.infer<typeof ChargebackSchema>;

export const ChargebackEventSchema = z.strictObject({
    type: z.enum([
      'chargeback_opened',
      'chargeback_due_changed',
      'chargeback_reminder_sent',
      'chargeback_submitted',
      'chargeback_accepted',
      'chargeback_expired',
      'chargeback_won',
      'chargeback_lost',
      'chargeback_provider_anomaly',
    ]),
    chargebackId: z.string(),
    at: instant,
    actor: z.union([StaffRefSchema, z.strictObject({ role: z.enum(['system', 'provider']) })]),
    reason: z.optional(z.string()),
    facts: z._default(z.record(z.string(), z.string()), {}),
  });
export type ChargebackEvent = z.infer<typeof ChargebackEventSchema>;
