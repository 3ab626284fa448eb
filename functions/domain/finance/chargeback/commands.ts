import * as z from 'zod';
import { MoneySchema } from '../../money';
import { EvidencePackRefSchema } from './model';

const instant = z.iso.datetime({ offset: true });
const reason = z.string().trim().min(3, 'give a reason a colleague can read').max(2000);

/** The provider's dispute status, reduced to what changes our chargeback (see webhooks/map-event.ts). */
export const ProviderDisputeStatusSchema = z.enum(['needs_response', 'under_review', 'won', 'lost']);
export type ProviderDisputeStatus = z.infer<typeof ProviderDisputeStatusSchema>;

export const ProviderDisputeUpdateSchema = z
  .object({
    type: z.literal('providerUpdate'),
    eventId: z.string().min(1),
    occurredAt: instant,
    providerDisputeId: z.string().min(1),
    status: ProviderDisputeStatusSchema,
    transactionReference: z.string().min(1),
    amount: MoneySchema,
    reason: z.string(),
    evidenceDueBy: instant.optional(),
  })
  .strict();
export type ProviderDisputeUpdate = z.infer<typeof ProviderDisputeUpdateSchema>;

export const ChargebackCommandSchema = z.discriminatedUnion('type', [
  /** Finance submits the evidence pack: irreversible, and only before the due instant. */
  z.object({ type: z.literal('submitEvidence'), reason, evidencePack: EvidencePackRefSchema }).strict(),
  /** Finance accepts the chargeback without contesting it: irreversible. */
  z.object({ type: z.literal('accept'), reason }).strict(),
  /** The workflow's reminder timer: sends the due reminders not sent yet. */
  z.object({ type: z.literal('remind') }).strict(),
  /** The workflow's hard-deadline timer. */
  z.object({ type: z.literal('deadlineReached') }).strict(),
  ProviderDisputeUpdateSchema,
]);
export type ChargebackCommand = z.infer<typeof ChargebackCommandSchema>;
