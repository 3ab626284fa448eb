import * as z from 'zod';
import { MoneySchema } from '../../money';
import { StaffRefSchema } from './model';

const instant = z.iso.datetime({ offset: true });
const reason = z.string().trim().min(3, 'give a reason a colleague can read').max(2000);

/** The provider's view of a refund, already mapped from its webhook (see webhooks/map-event.ts). */
export const ProviderRefundStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'canceled']);
export type ProviderRefundStatus = z.infer<typeof ProviderRefundStatusSchema>;

export const RefundCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('approve'), reason }).strict(),
  z.object({ type: z.literal('reject'), reason }).strict(),
  /** The payment provider accepted our refund request (the port answered). */
  z.object({ type: z.literal('markSubmitted'), providerRefundId: z.string().min(1) }).strict(),
  /** A verified provider event about this refund. */
  z
    .object({
      type: z.literal('providerUpdate'),
      eventId: z.string().min(1),
      occurredAt: instant,
      providerRefundId: z.string().min(1),
      status: ProviderRefundStatusSchema,
      amount: MoneySchema.optional(),
      failureReason: z.string().optional(),
    })
    .strict(),
  /** The finance decision's timer fired (the workflow's callback timed out). */
  z.object({ type: z.literal('decisionOverdue') }).strict(),
]);
export type RefundCommand = z.infer<typeof RefundCommandSchema>;

/** Who issues a finance command: a staff member, the workflow (system) or the payment provider (a verified webhook). */
export const FinanceActorSchema = z.union([StaffRefSchema, z.object({ role: z.enum(['system', 'provider']) }).strict()]);
export type FinanceActor = z.infer<typeof FinanceActorSchema>;
export const isStaffRef = (a: FinanceActor): a is z.infer<typeof StaffRefSchema> => 'staffId' in a;
