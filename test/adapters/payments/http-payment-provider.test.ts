import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpPaymentProvider, paymentProviderFromEnv, webhookSecretsFromEnv, WEBHOOK_SIGNATURE_HEADER } from '../../../functions/adapters/payments/http-payment-provider';
import { openChargeback } from '../../../functions/domain/finance/chargeback/open';
import { decideRefund } from '../../../functions/domain/finance/refund/decide';
import type { Refund } from '../../../functions/domain/finance/refund/model';
import { receiveWebhook, type WebhookVerdict } from '../../../functions/domain/finance/webhooks/receive';
import { startFakePaymentProvider, type FakePaymentProvider } from '../../../local/fake-payment-provider';
import { financeSettings, promptearn } from '../../domain/finance/helpers';

const API_KEY = 'sk_local_0123456789';
const SECRET = 'whsec_local_0123456789abcdef';
// The provider's and the receiver's clocks agree (in the local stack both read the virtual clock).
const NOW = Date.parse('2026-11-27T14:00:00Z');

let fake: FakePaymentProvider;
let receiver: Server;
let received: { signature: string | undefined; rawBody: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ signature: req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  fake = await startFakePaymentProvider({
    apiKey: API_KEY,
    webhookSecret: SECRET,
    webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/payments`,
    now: () => NOW,
  });
});
afterAll(async () => {
  await fake.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  received = [];
});

const approved = (refundId: string, reference: string): Refund => ({
  refundId,
  caseId: 'case-1',
  amount: { amountMinor: 250_000, currency: 'NGN' },
  reason: 'Course never delivered',
  reference: { kind: 'order', value: reference },
  status: 'approved',
  route: 'agent',
  routeExplanation: 'at or below the limit',
  proposedBy: { staffId: 'agent-1', role: 'agent' },
  proposedAt: '2026-11-27T13:00:00Z',
  decision: { outcome: 'approved', by: { staffId: 'agent-2', role: 'agent' }, at: '2026-11-27T13:30:00Z', reason: 'Undelivered' },
  provider: {},
  version: 1,
});

/** What the webhook endpoint would do: verify each delivery against the ids seen so far. */
function verdicts(): WebhookVerdict[] {
  const seen = new Set<string>();
  return received.map((delivery) => {
    const verdict = receiveWebhook(delivery, { secrets: [SECRET], now: new Date(NOW), seen: (id) => seen.has(id) });
    if (verdict.kind === 'accepted') seen.add(verdict.event.id);
    return verdict;
  });
}

/** Applies the accepted refund events to a refund, in delivery order. */
function applyRefundEvents(refund: Refund): Refund {
  let current = refund;
  for (const v of verdicts()) {
    if (v.kind !== 'accepted' || v.mapped.target !== 'refund') continue;
    const outcome = decideRefund(current, v.mapped.command, { role: 'provider' }, new Date(NOW));
    if (!outcome.ok) throw new Error(outcome.detail);
    current = outcome.refund;
  }
  return current;
}

describe('PaymentProvider over HTTP against the fake provider', () => {
  it('a refund request is accepted, and the signed events drive the refund to succeeded', async () => {
    // Prepare
    const provider = new HttpPaymentProvider({ baseUrl: fake.url, apiKey: API_KEY });
    const refund = approved('rf-ok', 'ORD-1');

    // Act
    const answer = await provider.requestRefund({ refundId: refund.refundId, amount: refund.amount, reference: refund.reference, reason: refund.reason });
    await fake.settled();
    if (answer.kind !== 'accepted') expect.fail(JSON.stringify(answer));
    const submitted = decideRefund(refund, { type: 'markSubmitted', providerRefundId: answer.providerRefundId }, { role: 'system' }, new Date(NOW));
    if (!submitted.ok) expect.fail(submitted.detail);
    const final = applyRefundEvents(submitted.refund);

    // Assess
    expect(answer.status).toBe('pending');
    expect(verdicts().map((v) => (v.kind === 'accepted' ? [v.event.type, v.mapped.target === 'refund' && v.mapped.refundId] : v.kind))).toEqual([
      ['refund.created', 'rf-ok'],
      ['refund.updated', 'rf-ok'],
    ]);
    expect(final).toMatchObject({ status: 'succeeded', provider: { refundId: answer.providerRefundId } });
  });

  it('a retried request with the same refund id gets the same refund, and the provider pays once', async () => {
    const provider = new HttpPaymentProvider({ baseUrl: fake.url, apiKey: API_KEY });
    const request = { refundId: 'rf-twice', amount: { amountMinor: 1_000, currency: 'NGN' }, reference: { kind: 'order' as const, value: 'ORD-2' }, reason: 'x' };

    const first = await provider.requestRefund(request);
    const second = await provider.requestRefund(request);
    const changed = await provider.requestRefund({ ...request, amount: { amountMinor: 2_000, currency: 'NGN' } });
    await fake.settled();

    expect(second).toEqual(first);
    expect(fake.refunds().filter((r) => (r.metadata as { redress_refund_id?: string }).redress_refund_id === 'rf-twice')).toHaveLength(1);
    expect(received).toHaveLength(2);
    expect(changed).toMatchObject({ kind: 'rejected', code: 'idempotency_conflict' });
  });

  it('a declined refund arrives as refund.failed and the refund fails with the reason', async () => {
    const provider = new HttpPaymentProvider({ baseUrl: fake.url, apiKey: API_KEY });
    const refund = approved('rf-fail', 'fail-ORD-3');

    await provider.requestRefund({ refundId: refund.refundId, amount: refund.amount, reference: refund.reference, reason: refund.reason });
    await fake.settled();

    expect(applyRefundEvents(refund)).toMatchObject({ status: 'failed', failureReason: 'expired_or_canceled_card' });
  });

  it('a redelivered event is refused as a replay by the receiving side', async () => {
    const provider = new HttpPaymentProvider({ baseUrl: fake.url, apiKey: API_KEY });
    await provider.requestRefund({ refundId: 'rf-replay', amount: { amountMinor: 500, currency: 'NGN' }, reference: { kind: 'order', value: 'ORD-4' }, reason: 'x' });
    await fake.settled();
    const last = fake.events().at(-1)!;

    await fetch(`${fake.url}/_fake/events/${last.id}/redeliver`, { method: 'POST' });
    await fake.settled();

    expect(verdicts().map((v) => v.kind)).toEqual(['accepted', 'accepted', 'refused']);
    expect(verdicts()[2]).toMatchObject({ reason: 'replay' });
  });

  it('a wrong key is a rejection, an unreachable provider is unavailable (retry)', async () => {
    const wrongKey = new HttpPaymentProvider({ baseUrl: fake.url, apiKey: 'sk_wrong_0000000' });
    const down = new HttpPaymentProvider({ baseUrl: 'http://127.0.0.1:1', apiKey: API_KEY, timeoutMs: 2_000 });
    const request = { refundId: 'rf-x', amount: { amountMinor: 1, currency: 'NGN' }, reference: { kind: 'order' as const, value: 'O' }, reason: 'x' };

    expect(await wrongKey.requestRefund(request)).toMatchObject({ kind: 'rejected', code: 'unauthorized' });
    expect(await down.requestRefund(request)).toMatchObject({ kind: 'unavailable' });
  });

  it('a dispute opened at the provider arrives signed and opens a chargeback with the network deadline', async () => {
    await fetch(`${fake.url}/_fake/disputes`, { method: 'POST', body: JSON.stringify({ charge: 'ch_9', amount: 1_500_000, currency: 'NGN', reason: 'product_not_received', caseId: 'case-7' }) });
    await fake.settled();
    const [verdict] = verdicts();
    if (verdict?.kind !== 'accepted' || verdict.mapped.target !== 'chargeback') expect.fail(JSON.stringify(verdict));
    const c = verdict.mapped.command;

    const opened = openChargeback(
      { chargebackId: 'cb-1', caseId: verdict.mapped.caseId, providerDisputeId: c.providerDisputeId, transactionReference: c.transactionReference, amount: c.amount, reason: c.reason, evidenceDueBy: c.evidenceDueBy },
      { role: 'provider' },
      new Date(NOW),
      financeSettings().chargebacks!,
      promptearn(),
    );

    expect(opened).toMatchObject({ ok: true, chargeback: { caseId: 'case-7', evidenceDueAt: '2026-12-04T14:00:00.000Z', status: 'open', amount: { amountMinor: 1_500_000, currency: 'NGN' } } });
  });
});

describe('payment configuration', () => {
  const KEY_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payment-api-key-AbC123';
  const HOOK_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payment-webhook-AbC123';
  const request = { refundId: 'rf-config', amount: { amountMinor: 100, currency: 'NGN' }, reference: { kind: 'order' as const, value: 'ORD-C' }, reason: 'x' };
  const secretsManager = mockClient(SecretsManagerClient);
  beforeEach(() => {
    secretsManager.reset();
  });
  afterAll(() => {
    secretsManager.restore();
  });

  it('stops the cold start naming the URL, and the key variables when neither way is given', () => {
    expect(() => paymentProviderFromEnv({ PAYMENT_PROVIDER_API_KEY: API_KEY })).toThrow(/PAYMENT_PROVIDER_URL: is not set/);
    expect(() => paymentProviderFromEnv({ PAYMENT_PROVIDER_URL: fake.url })).toThrow(/PAYMENT_PROVIDER_API_KEY or PAYMENT_PROVIDER_API_KEY_SECRET_ARN must be set/);
    expect(() => paymentProviderFromEnv({ PAYMENT_PROVIDER_URL: fake.url, PAYMENT_PROVIDER_API_KEY: 'short' })).toThrow(/at least 8 characters/);
  });

  it('fetches a key kept in Secrets Manager on the first refund request, once per container', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand, { SecretId: KEY_ARN }).resolves({ SecretString: API_KEY });
    const provider = paymentProviderFromEnv({ PAYMENT_PROVIDER_URL: fake.url, PAYMENT_PROVIDER_API_KEY_SECRET_ARN: KEY_ARN }, new SecretsManagerClient({ region: 'us-east-1' }));
    const before = secretsManager.commandCalls(GetSecretValueCommand).length;

    // Act
    const first = await provider.requestRefund(request);
    const second = await provider.requestRefund(request);
    await fake.settled();

    // Assess
    expect(before).toBe(0);
    expect(first).toMatchObject({ kind: 'accepted' });
    expect(second).toEqual(first);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('a key that could not be fetched fails that request loudly and is asked again next time', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: API_KEY });
    const provider = paymentProviderFromEnv({ PAYMENT_PROVIDER_URL: fake.url, PAYMENT_PROVIDER_API_KEY_SECRET_ARN: KEY_ARN }, new SecretsManagerClient({ region: 'us-east-1' }));

    // Act
    const failed = provider.requestRefund({ ...request, refundId: 'rf-config-2' });
    await expect(failed).rejects.toThrow(/throttled/);
    const retried = await provider.requestRefund({ ...request, refundId: 'rf-config-2' });
    await fake.settled();

    // Assess
    expect(retried).toMatchObject({ kind: 'accepted' });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reads the webhook secrets inline or from their secret, a comma-separated list for rotations', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand, { SecretId: HOOK_ARN }).resolves({ SecretString: `${SECRET},whsec_next_0123456789abcdef` });
    const client = new SecretsManagerClient({ region: 'us-east-1' });

    // Act
    const inline = await webhookSecretsFromEnv({ PAYMENT_WEBHOOK_SECRETS: `${SECRET}, whsec_next_0123456789abcdef` }, client);
    const fromSecret = await webhookSecretsFromEnv({ PAYMENT_WEBHOOK_SECRET_ARN: HOOK_ARN }, client);

    // Assess
    expect(inline).toEqual([SECRET, 'whsec_next_0123456789abcdef']);
    expect(fromSecret).toEqual(inline);
    await expect(webhookSecretsFromEnv({ PAYMENT_WEBHOOK_SECRETS: 'short' }, client)).rejects.toThrow(/at least 16 characters/);
    await expect(webhookSecretsFromEnv({}, client)).rejects.toThrow(/PAYMENT_WEBHOOK_SECRETS or PAYMENT_WEBHOOK_SECRET_ARN must be set/);
  });
});
