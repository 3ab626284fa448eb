import * as z from '../zod';
import { MoneySchema } from '../money';
import { PaymentReferenceSchema } from './refund/model';

/**
 * The outbound port to the payment provider: ask it to pay a refund back. The answer only says the request was
 * taken; the refund's fate arrives later as signed webhook events. Lives with the finance model (types only, no I/O)
 * so use cases can depend on it; adapters/payments implements it.
 */
export const PaymentRefundRequestSchema = z.strictObject({
    /** Our refund id: also the idempotency key, so a retried request never pays twice. */
    refundId: z.string().check(z.minLength(1)),
    amount: MoneySchema,
    reference: PaymentReferenceSchema,
    reason: z.string(),
  });
export type PaymentRefundRequest = z.infer<typeof PaymentRefundRequestSchema>;

export type PaymentRefundResult =
  | { kind: 'accepted'; providerRefundId: string; status: 'pending' | 'succeeded' | 'failed' }
  /** The provider refused the request itself (unknown charge, amount too high): retrying will not help. */
  | { kind: 'rejected'; code: string; message: string }
  /** Network error, timeout or a 5xx: safe to retry with the same refund id. */
  | { kind: 'unavailable'; message: string };

export interface PaymentProvider {
  requestRefund(request: PaymentRefundRequest): Promise<PaymentRefundResult>;
}
