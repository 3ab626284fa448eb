import * as z from '../../zod';
import { MoneySchema } from '../../money';
import { StaffRefSchema } from './model';

const instant = z.iso.datetime({ offset: true });
const reason = z.string().check(z.trim(), z.minLength(3, 'give a reason a colleague can read'), z.maxLength(2000));

/** The provider's view of a refund, already mapped from its webhook (see webhooks/map-event.ts). */
export const ProviderRefundStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'canceled']);
export type ProviderRefundStatus = z.infer<typeof ProviderRefundStatusSchema>;

export const RefundCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('approve'), reason }),
  z.strictObject({ type: z.literal('reject'), reason }),
  /** The payment provider accepted our refund request (the port answered). */
  z.strictObject({ type: z.literal('markSubmitted'), providerRefundId: z.string().check(z.minLength(1)) }),
  /** A verified provider event about this refund. */
  z.strictObject({
      type: z.literal('providerUpdate'),
      eventId: z.string().check(z.minLength(1)),
      occurredAt: instant,
      providerRefundId: z.string().check(z.minLength(1)),
      status: ProviderRefundStatusSchema,
      amount: z.optional(MoneySchema),
      failureReason: z.optional(z.string()),
    }),
  /** The finance decision's timer fired (the workflow's callback timed out). */
  z.strictObject({ type: z.literal('decisionOverdue') }),
]);
export type RefundCommand = z.infer<typeof RefundCommandSchema>;

/** Who issues a finance command: a staff member, the workflow (system) or the payment provider (a verified webhook). */
export const FinanceActorSchema = z.union([StaffRefSchema, z.strictObject({ role: z.enum(['system', 'provider']) })]);
export type FinanceActor = z.infer<typeof FinanceActorSchema>;
export const isStaffRef = (a: FinanceActor): a is z.infer<typeof StaffRefSchema> => 'staffId' in a;
