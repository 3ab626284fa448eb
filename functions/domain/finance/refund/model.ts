import * as z from 'zod';
import { MoneySchema } from '../../money';
import { StaffRoleSchema } from '../../lifecycle/model';

const instant = z.iso.datetime({ offset: true });
const reason = z.string().trim().min(3, 'give a reason a colleague can read').max(2000);

/**
 * A refund's status. It only moves forward (see REFUND_RANK): requested → approved | rejected → processing →
 * succeeded | failed. The provider's events drive processing, succeeded and failed.
 */
export const RefundStatusSchema = z.enum(['requested', 'approved', 'rejected', 'processing', 'succeeded', 'failed']);
export type RefundStatus = z.infer<typeof RefundStatusSchema>;

/** State precedence: an event that would lower the rank is stale and changes nothing. */
export const REFUND_RANK: Readonly<Record<RefundStatus, number>> = {
  requested: 0,
  approved: 1,
  rejected: 1,
  processing: 2,
  succeeded: 3,
  failed: 3,
};
export const isFinalRefund = (s: RefundStatus): boolean => s === 'rejected' || s === 'succeeded' || s === 'failed';

/** Who may approve: at or below the policy's agent limit any staff member but the proposer, above it finance. */
export const ApprovalRouteSchema = z.enum(['agent', 'finance']);
export type ApprovalRoute = z.infer<typeof ApprovalRouteSchema>;

export const StaffRefSchema = z.object({ staffId: z.string().min(1), role: StaffRoleSchema, name: z.string().optional() }).strict();
export type StaffRef = z.infer<typeof StaffRefSchema>;

/** What the refund pays back: the customer's order or the provider's transaction (charge) reference. */
export const PaymentReferenceSchema = z
  .object({ kind: z.enum(['order', 'transaction']), value: z.string().trim().min(1).max(200) })
  .strict();
export type PaymentReference = z.infer<typeof PaymentReferenceSchema>;

export const RefundProposalSchema = z
  .object({
    refundId: z.string().min(1).max(100),
    caseId: z.string().min(1),
    amount: MoneySchema.refine((m) => m.amountMinor > 0, { message: 'a refund is more than zero', path: ['amountMinor'] }),
    reason,
    reference: PaymentReferenceSchema,
    /** What was paid, when known: the refund may not exceed it and must be in its currency. */
    original: MoneySchema.optional(),
  })
  .strict();
export type RefundProposal = z.infer<typeof RefundProposalSchema>;

export const RefundDecisionSchema = z
  .object({ outcome: z.enum(['approved', 'rejected']), by: StaffRefSchema, at: instant, reason })
  .strict();
export type RefundDecision = z.infer<typeof RefundDecisionSchema>;

export const RefundSchema = z
  .object({
    refundId: z.string().min(1),
    caseId: z.string().min(1),
    amount: MoneySchema,
    reason,
    reference: PaymentReferenceSchema,
    status: RefundStatusSchema,
    route: ApprovalRouteSchema,
    /** Why this route: the limit compared, or the missing limit for the currency. */
    routeExplanation: z.string(),
    proposedBy: StaffRefSchema,
    proposedAt: instant,
    /** When finance must have decided (finance route only); past it the decision is overdue, not void. */
    decisionDue: instant.optional(),
    /** Set once the overdue decision was escalated to the finance lead, so it happens once. */
    escalatedAt: instant.optional(),
    decision: RefundDecisionSchema.optional(),
    provider: z
      .object({ refundId: z.string().min(1).optional(), lastEventId: z.string().optional(), lastEventAt: instant.optional() })
      .strict()
      .default({}),
    failureReason: z.string().optional(),
    settledAt: instant.optional(),
    /** +1 on every accepted change: the store commits on `version = expected`, so two deciders cannot both win. */
    version: z.number().int().nonnegative(),
  })
  .strict();
export type Refund = z.infer<typeof RefundSchema>;

/** What happened to a refund, for the case timeline (and the finance history). */
export const RefundEventSchema = z
  .object({
    type: z.enum([
      'refund_proposed',
      'refund_approved',
      'refund_rejected',
      'refund_submitted',
      'refund_processing',
      'refund_succeeded',
      'refund_failed',
      'refund_decision_overdue',
      'refund_provider_anomaly',
    ]),
    refundId: z.string(),
    at: instant,
    actor: z.union([StaffRefSchema, z.object({ role: z.enum(['system', 'provider']) }).strict()]),
    reason: z.string().optional(),
    facts: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type RefundEvent = z.infer<typeof RefundEventSchema>;
