import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../../domain/zod';
import { readConfig } from '../config';
import { cachedSecret, loadSecretSetting, parseSecret, secretSource, type SecretSetting } from '../secret-config';
import type { PaymentProvider, PaymentRefundRequest, PaymentRefundResult } from '../../domain/finance/payment-provider';
import { traced } from '../tracer';

/**
 * The PaymentProvider port over the provider's HTTP API (JSON, bearer key), modelled on the card processors'
 * refund endpoint. Our refund id is the Idempotency-Key, so a retry after a timeout never pays twice: the provider
 * answers the same refund.
 */

/** The header the provider signs its webhooks with (`t=<unix seconds>,v1=<hex HMAC-SHA256>`). */
export const WEBHOOK_SIGNATURE_HEADER = 'payment-signature';

const RefundResponseSchema = z.object({ id: z.string().check(z.minLength(1)), status: z.enum(['pending', 'succeeded', 'failed']) });
const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface HttpPaymentProviderOptions {
  baseUrl: string;
  /** The key itself, or how to get it (from Secrets Manager on AWS: fetched on first use, kept for the container). */
  apiKey: string | (() => Promise<string>);
  /** Per request; the caller retries an `unavailable` answer with the same refund id. */
  timeoutMs?: number;
}

export class HttpPaymentProvider implements PaymentProvider {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpPaymentProviderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async requestRefund(request: PaymentRefundRequest): Promise<PaymentRefundResult> {
    // Outside the try below: a key that cannot be read is a deployment fault to fail loudly, not a provider outage.
    const apiKey = typeof this.options.apiKey === 'string' ? this.options.apiKey : await this.options.apiKey();
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1/refunds`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${apiKey}`,
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

const ApiKey = z.string().check(z.minLength(8, 'the API key has at least 8 characters'));

/** The webhook signing secrets: comma-separated, so a rotation can run with the old and new secret together. */
const WebhookSecretList = z.pipe(z.pipe(z.string(), z.transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))), z.array(z.string().check(z.minLength(16, 'a webhook secret has at least 16 characters'))).check(z.minLength(1, 'at least one webhook secret')));

/** `PAYMENT_PROVIDER_API_KEY` locally; on AWS the secret `PAYMENT_PROVIDER_API_KEY_SECRET_ARN` names (infra/constructs/payments.ts). */
export const PAYMENT_API_KEY: SecretSetting<string> = { inline: 'PAYMENT_PROVIDER_API_KEY', arn: 'PAYMENT_PROVIDER_API_KEY_SECRET_ARN', what: 'payment provider API key', schema: ApiKey };
/** `PAYMENT_WEBHOOK_SECRETS` locally; on AWS the secret `PAYMENT_WEBHOOK_SECRET_ARN` names. */
export const PAYMENT_WEBHOOK_SECRETS: SecretSetting<string[]> = { inline: 'PAYMENT_WEBHOOK_SECRETS', arn: 'PAYMENT_WEBHOOK_SECRET_ARN', what: 'payment webhook secrets', schema: WebhookSecretList };

/**
 * The provider's endpoint and key. The URL, and a key given inline, are validated at cold start; a key in Secrets
 * Manager is fetched on the first refund request and kept for the container (a failed fetch is tried again next
 * time). Missing both ways, the cold start stops naming the variables.
 */
export const paymentProviderFromEnv = (env: NodeJS.ProcessEnv = process.env, secrets: SecretsManagerClient = traced(new SecretsManagerClient({}))): HttpPaymentProvider => {
  const { PAYMENT_PROVIDER_URL } = readConfig({ PAYMENT_PROVIDER_URL: z.url({ protocol: /^https?$/ }) }, env);
  const source = secretSource(env, PAYMENT_API_KEY);
  const apiKey = 'inline' in source ? parseSecret(PAYMENT_API_KEY, source.inline) : cachedSecret(() => loadSecretSetting(env, secrets, PAYMENT_API_KEY));
  return new HttpPaymentProvider({ baseUrl: PAYMENT_PROVIDER_URL, apiKey });
};

/** The webhook signing secrets, inline or from Secrets Manager; the webhook handler awaits them when its module loads. */
export const webhookSecretsFromEnv = (env: NodeJS.ProcessEnv = process.env, secrets: SecretsManagerClient = traced(new SecretsManagerClient({}))): Promise<string[]> =>
  loadSecretSetting(env, secrets, PAYMENT_WEBHOOK_SECRETS);
