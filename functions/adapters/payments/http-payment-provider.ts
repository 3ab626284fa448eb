import * as z from 'zod';
import { readConfig } from '../config';
import type { PaymentProvider, PaymentRefundRequest, PaymentRefundResult } from '../../domain/finance/payment-provider';

/**
 * The PaymentProvider port over the provider's HTTP API (JSON, bearer key), modelled on the card processors'
 * refund endpoint. Our refund id is the Idempotency-Key, so a retry after a timeout never pays twice: the provider
 * answers the same refund.
 */

/** The header the provider signs its webhooks with (`t=<unix seconds>,v1=<hex HMAC-SHA256>`). */
export const WEBHOOK_SIGNATURE_HEADER = 'payment-signature';

const RefundResponseSchema = z.object({ id: z.string().min(1), status: z.enum(['pending', 'succeeded', 'failed']) });
const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface HttpPaymentProviderOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request; the caller retries an `unavailable` answer with the same refund id. */
  timeoutMs?: number;
}

export class HttpPaymentProvider implements PaymentProvider {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpPaymentProviderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async requestRefund(request: PaymentRefundRequest): Promise<PaymentRefundResult> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1/refunds`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': request.refundId,
        },
        body: JSON.stringify({
          amount: request.amount.amountMinor,
          currency: request.amount.currency.toLowerCase(),
          reference: request.reference,
          reason: request.reason,
          metadata: { redress_refund_id: request.refundId },
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      return { kind: 'unavailable', message: error instanceof Error ? `${error.name}: ${error.message}` : 'request failed' };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = RefundResponseSchema.safeParse(body);
      if (parsed.success) return { kind: 'accepted', providerRefundId: parsed.data.id, status: parsed.data.status };
      // A 2xx we cannot read may still have created the refund: retrying with the same key is the safe answer.
      return { kind: 'unavailable', message: `unreadable ${response.status} answer from the provider` };
    }
    // Timeouts, rate limits and server errors are worth a retry; other client errors are not.
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      return { kind: 'unavailable', message: `provider answered ${response.status}` };
    }
    const error = ErrorResponseSchema.safeParse(body);
    return error.success
      ? { kind: 'rejected', code: error.data.error.code, message: error.data.error.message }
      : { kind: 'rejected', code: `http_${response.status}`, message: `provider answered ${response.status}` };
  }
}

/** The provider's endpoint and key, validated at cold start (the key comes from a secret on AWS, never from code). */
export const paymentProviderFromEnv = (env: NodeJS.ProcessEnv = process.env): HttpPaymentProvider => {
  const config = readConfig(
    { PAYMENT_PROVIDER_URL: z.url({ protocol: /^https?$/ }), PAYMENT_PROVIDER_API_KEY: z.string().min(8) },
    env,
  );
  return new HttpPaymentProvider({ baseUrl: config.PAYMENT_PROVIDER_URL, apiKey: config.PAYMENT_PROVIDER_API_KEY });
};

/** The webhook signing secrets (comma-separated, so a rotation can run with the old and new secret together). */
export const webhookSecretsFromEnv = (env: NodeJS.ProcessEnv = process.env): string[] =>
  readConfig(
    {
      PAYMENT_WEBHOOK_SECRETS: z
        .string()
        .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
        .pipe(z.array(z.string().min(16, 'a webhook secret has at least 16 characters')).min(1)),
    },
    env,
  ).PAYMENT_WEBHOOK_SECRETS;
