import * as z from 'zod';

/**
 * The provider's webhook events, as the major card processors shape them: an envelope `{ id, type, created, data:
 * { object } }` with amounts in minor units and lower-case ISO 4217 currency codes. Only the fields Redress reads
 * are declared; the rest passes through unread.
 */
export const ProviderEventEnvelopeSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  /** unix seconds */
  created: z.number().int().nonnegative(),
  data: z.object({ object: z.unknown() }),
});
export type ProviderEventEnvelope = z.infer<typeof ProviderEventEnvelopeSchema>;

const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/)
  .transform((c) => c.toUpperCase());

export const ProviderRefundObjectSchema = z.object({
  id: z.string().min(1),
  amount: z.number().int().positive(),
  currency,
  status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']),
  /** The processor's charge (transaction) the refund pays back. */
  charge: z.string().optional(),
  failure_reason: z.string().nullish(),
  /** Our refund id, sent with the request; absent for refunds made in the provider's own dashboard. */
  metadata: z.object({ redress_refund_id: z.string().optional() }).partial().default({}),
});

export const ProviderDisputeObjectSchema = z.object({
  id: z.string().min(1),
  amount: z.number().int().positive(),
  currency,
  charge: z.string().min(1),
  reason: z.string().default('general'),
  status: z.enum(['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost']),
  evidence_details: z.object({ due_by: z.number().int().nullish() }).partial().default({}),
  metadata: z.object({ redress_case_id: z.string().optional() }).partial().default({}),
});

export const REFUND_EVENT_TYPES = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'] as const;
export const DISPUTE_EVENT_TYPES = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn'] as const;
