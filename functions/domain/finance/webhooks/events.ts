import * as z from '../../zod';

/**
 * The provider's webhook events, as the major card processors shape them: an envelope `{ id, type, created, data:
 * { object } }` with amounts in minor units and lower-case ISO 4217 currency codes. Only the fields Redress reads
 * are declared; the rest passes through unread.
 */
export const ProviderEventEnvelopeSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(255)),
  type: z.string().check(z.minLength(1), z.maxLength(100)),
  /** unix seconds */
  created: z.number().check(z.int(), z.nonnegative()),
  data: z.object({ object: z.unknown() }),
});
export type ProviderEventEnvelope = z.infer<typeof ProviderEventEnvelopeSchema>;

const currency = z.pipe(z.string().check(z.regex(/^[a-zA-Z]{3}$/)), z.transform((c) => c.toUpperCase()));

export const ProviderRefundObjectSchema = z.object({
  id: z.string().check(z.minLength(1)),
  amount: z.number().check(z.int(), z.positive()),
  currency,
  status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']),
  /** The processor's charge (transaction) the refund pays back. */
  charge: z.optional(z.string()),
  failure_reason: z.nullish(z.string()),
  /** Our refund id, sent with the request; absent for refunds made in the provider's own dashboard. */
  metadata: z._default(z.partial(z.object({ redress_refund_id: z.optional(z.string()) })), {}),
});

export const ProviderDisputeObjectSchema = z.object({
  id: z.string().check(z.minLength(1)),
  amount: z.number().check(z.int(), z.positive()),
  currency,
  charge: z.string().check(z.minLength(1)),
  reason: z._default(z.string(), 'general'),
  status: z.enum(['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost']),
  evidence_details: z._default(z.partial(z.object({ due_by: z.nullish(z.number().check(z.int())) })), {}),
  metadata: z._default(z.partial(z.object({ redress_case_id: z.optional(z.string()) })), {}),
});

export const REFUND_EVENT_TYPES = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'] as const;
export const DISPUTE_EVENT_TYPES = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn'] as const;
