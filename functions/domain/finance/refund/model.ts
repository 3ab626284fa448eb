import * as z from '../../zod';
import { MoneySchema } from '../../money';
import { StaffRoleSchema } from '../../lifecycle/model';

const instant = z.iso.datetime({ offset: true });
const reason = z.string().check(z.trim(), z.minLength(3, 'give a reason a colleague can read'), z.maxLength(2000));

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

export const StaffRefSchema = z.strictObject({ staffId: z.string().check(z.minLength(1)), role: StaffRoleSchema, name: z.optional(z.string()) });
export type StaffRef = z.infer<typeof StaffRefSchema>;

/** What the refund pays back: the customer's order or the provider's transaction (charge) reference. */
export const PaymentReferenceSchema = z.strictObject({ kind: z.enum(['order', 'transaction']), value: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) });
export type PaymentReference = z.infer<typeof PaymentReferenceSchema>;

export const RefundProposalSchema = z.strictObject({
    refundId: z.string().check(z.minLength(1), z.maxLength(100)),
    caseId: z.string().check(z.minLength(1)),
    amount: MoneySchema.check(z.refine((m) => m.amountMinor > 0, { message: 'a refund is more than zero', path: ['amountMinor'] })),
    reason,
    reference: PaymentReferenceSchema,
    /** What was paid, when known: the refund may not exceed it and must be in its currency. */
    original: z.optional(MoneySchema),
  });
export type RefundProposal = z.infer<typeof RefundProposalSchema>;

export const RefundDecisionSchema = z.strictObject({ outcome: z.enum(['approved', 'rejected']), by: StaffRefSchema, at: instant, reason });
export type RefundDecision = z.infer<typeof RefundDecisionSchema>;

export const RefundSchema = z.strictObject({
    refundId: z.string().check(z.minLength(1)),
    caseId: z.string().check(z.minLength(1)),
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
    decisionDue: z.optional(instant),
    /** Set once the overdue decision was escalated to the finance lead, so it happens once. */
    escalatedAt: z.optional(instant),
    decision: z.optional(RefundDecisionSchema),
    provider: z._default(z.strictObject({ refundId: z.optional(z.string().check(z.minLength(1))), lastEventId: z.optional(z.string()), lastEventAt: z.optional(instant) }), {}),
    failureReason: z.optional(z.string()),
    settledAt: z.optional(instant),
    /** +1 on every accepted change: the store commits on `version = expected`, so two deciders cannot both win. */
    version: z.number().check(z.int(), z.nonnegative()),
  });
export type Refund = z.infer<typeof RefundSchema>;

/** What happened to a refund, for the case timeline (and the finance history). */
export const RefundEventSchema = z.strictObject({
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
    actor: z.union([StaffRefSchema, z.strictObject({ role: z.enum(['system', 'provider']) })]),
    reason: z.optional(z.string()),
    facts: z._default(z.record(z.string(), z.string()), {}),
  });
export type RefundEvent = z.infer<typeof RefundEventSchema>;
