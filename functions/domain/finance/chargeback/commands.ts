import * as z from '../../zod';
import { MoneySchema } from '../../money';
import { EvidencePackRefSchema } from './model';

const instant = z.iso.datetime({ offset: true });
const reason = z.string().check(z.trim(), z.minLength(3, 'give a reason a colleague can read'), z.maxLength(2000));

/** The provider's dispute status, reduced to what changes our chargeback (see webhooks/map-event.ts). */
export const ProviderDisputeStatusSchema = z.enum(['needs_response', 'under_review', 'won', 'lost']);
export type ProviderDisputeStatus = z.infer<typeof ProviderDisputeStatusSchema>;

export const ProviderDisputeUpdateSchema = z.strictObject({
    type: z.literal('providerUpdate'),
    eventId: z.string().check(z.minLength(1)),
    occurredAt: instant,
    providerDisputeId: z.string().check(z.minLength(1)),
    status: ProviderDisputeStatusSchema,
    transactionReference: z.string().check(z.minLength(1)),
    amount: MoneySchema,
    reason: z.string(),
    evidenceDueBy: z.optional(instant),
  });
export type ProviderDisputeUpdate = z.infer<typeof ProviderDisputeUpdateSchema>;

export const ChargebackCommandSchema = z.discriminatedUnion('type', [
  /** Finance submits the evidence pack: irreversible, and only before the due instant. */
  z.strictObject({ type: z.literal('submitEvidence'), reason, evidencePack: EvidencePackRefSchema }),
  /** Finance accepts the chargeback without contesting it: irreversible. */
  z.strictObject({ type: z.literal('accept'), reason }),
  /** The workflow's reminder timer: sends the due reminders not sent yet. */
  z.strictObject({ type: z.literal('remind') }),
  /** The workflow's hard-deadline timer. */
  z.strictObject({ type: z.literal('deadlineReached') }),
  ProviderDisputeUpdateSchema,
]);
export type ChargebackCommand = z.infer<typeof ChargebackCommandSchema>;
