/**
 * A fake payment provider for the local stack, on loopback only. It speaks the API HttpPaymentProvider calls
 * (POST /v1/refunds with a bearer key and an Idempotency-Key) and sends signed webhook events back, the way a card
 * processor does: `refund.created` (pending), then `refund.updated` (succeeded, or failed for a reference starting
 * with "fail"). Disputes are opened and closed by hand (or by tests) through its /_fake routes, which emit
 * `charge.dispute.created` / `charge.dispute.closed`.
 *
 *   POST /v1/refunds                   { amount, currency, reference, reason, metadata } → { id, status, amount, currency }
 *   GET  /v1/refunds/{id}
 *   POST /_fake/disputes               { charge, amount, currency, reason?, dueInDays?, caseId? } → the dispute
 *   POST /_fake/disputes/{id}/close    { status: "won" | "lost" }
 *   GET  /_fake/events                 every event sent and the HTTP status each delivery got
 *   POST /_fake/events/{id}/redeliver  sends an event again (a provider's retry, or a replay test)
 *
 * Deliveries go out one at a time in order, right after the answer, with no timers, so they work the same under
 * the local stack's virtual clock. Timestamps come from `now()` (pass the stack's virtual clock).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from '../functions/domain/zod';
import { WEBHOOK_SIGNATURE_HEADER } from '../functions/adapters/payments/http-payment-provider';
import { signatureHeader } from '../functions/domain/finance/webhooks/signature';

/** LOCAL ONLY credentials shared by the fake provider and the local handlers' environment; never used on AWS. */
export const LOCAL_PAYMENT_API_KEY = 'sk_local_redress_fake_provider';
export const LOCAL_PAYMENT_WEBHOOK_SECRET = 'whsec_local_redress_fake_provider';

export interface FakePaymentProviderOptions {
  /** 0 (default) for a random free port. */
  port?: number;
  apiKey: string;
  webhookSecret: string;
  /** Where events are posted; may be set later with `setWebhookUrl` (the gateway's port may not be known yet). */
  webhookUrl?: string;
  now?: () => number;
  log?: (line: string) => void;
}

export interface FakeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
  deliveries: number[];
}

export interface FakePaymentProvider {
  url: string;
  port: number;
  setWebhookUrl(url: string): void;
  events(): FakeEvent[];
  refunds(): Record<string, unknown>[];
  /** Resolves once every queued delivery was attempted. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const RefundRequestSchema = z.object({
  amount: z.number().check(z.int(), z.positive()),
  currency: z.string().check(z.regex(/^[a-z]{3}$/)),
  reference: z.object({ kind: z.enum(['order', 'transaction']), value: z.string().check(z.minLength(1)) }),
  reason: z.string(),
  metadata: z._default(z.partial(z.object({ redress_refund_id: z.string() })), {}),
});
const DisputeRequestSchema = z.object({
  charge: z.string().check(z.minLength(1)),
  amount: z.number().check(z.int(), z.positive()),
  currency: z.string().check(z.regex(/^[a-zA-Z]{3}$/)),
  reason: z._default(z.string(), 'fraudulent'),
  dueInDays: z._default(z.number().check(z.int(), z.positive()), 7),
  caseId: z.optional(z.string()),
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

export async function startFakePaymentProvider(options: FakePaymentProviderOptions): Promise<FakePaymentProvider> {
  // Read at each call, so a virtual clock installed after start (fake Date) is still the one used.
  const now = options.now ?? (() => Date.now());
  const log = options.log ?? (() => {});
  let webhookUrl = options.webhookUrl;
  let seq = 0;
  const refunds = new Map<string, Record<string, unknown>>();
  const disputes = new Map<string, Record<string, unknown>>();
  const idempotency = new Map<string, { body: string; response: unknown }>();
  const events: FakeEvent[] = [];
  let queue: Promise<void> = Promise.resolve();

  const deliver = (event: FakeEvent): Promise<void> => {
    queue = queue.then(async () => {
      if (!webhookUrl) {
        event.deliveries.push(0);
        return;
      }
      const { deliveries, ...payload } = event;
      const raw = JSON.stringify(payload);
      try {
        const r = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(raw, options.webhookSecret, Math.floor(now() / 1000)) },
          body: raw,
        });
        await r.arrayBuffer();
        deliveries.push(r.status);
        log(`fake payment provider: ${event.type} ${event.id} → ${r.status}`);
      } catch (error) {
        deliveries.push(-1);
        log(`fake payment provider: ${event.type} ${event.id} not delivered (${error instanceof Error ? error.message : 'error'})`);
      }
    });
    return queue;
  };

  const emit = (type: string, object: Record<string, unknown>): FakeEvent => {
    const event: FakeEvent = { id: `evt_${++seq}`, type, created: Math.floor(now() / 1000), data: { object: { ...object } }, deliveries: [] };
    events.push(event);
    void deliver(event);
    return event;
  };

  const routes = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path.startsWith('/v1/') && req.headers.authorization !== `Bearer ${options.apiKey}`) return fail(res, 401, 'unauthorized', 'invalid API key');

    if (req.method === 'POST' && path === '/v1/refunds') {
      const raw = await readBody(req);
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return fail(res, 400, 'idempotency_key_required', 'send an Idempotency-Key header');
      const previous = idempotency.get(key);
      if (previous) {
        if (previous.body !== raw) return fail(res, 409, 'idempotency_conflict', 'this Idempotency-Key was used with another request');
        return send(res, 200, previous.response);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return fail(res, 400, 'invalid_json', 'the body is not JSON');
      }
      const parsed = RefundRequestSchema.safeParse(json);
      if (!parsed.success) return fail(res, 400, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const r = parsed.data;
      const refund: Record<string, unknown> = {
        id: `re_${++seq}`,
        amount: r.amount,
        currency: r.currency,
        status: 'pending',
        charge: r.reference.kind === 'transaction' ? r.reference.value : `ch_for_${r.reference.value}`,
        metadata: r.metadata,
        failure_reason: null,
      };
      refunds.set(refund.id as string, refund);
      const response = { id: refund.id, status: 'pending', amount: r.amount, currency: r.currency };
      idempotency.set(key, { body: raw, response });
      send(res, 200, response);
      emit('refund.created', refund);
      const failed = r.reference.value.toLowerCase().startsWith('fail');
      Object.assign(refund, failed ? { status: 'failed', failure_reason: 'expired_or_canceled_card' } : { status: 'succeeded' });
      emit(failed ? 'refund.failed' : 'refund.updated', refund);
      return;
    }
    const refundMatch = /^\/v1\/refunds\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && refundMatch) {
      const refund = refunds.get(refundMatch[1]!);
      return refund ? send(res, 200, refund) : fail(res, 404, 'resource_missing', 'no such refund');
    }

    if (req.method === 'POST' && path === '/_fake/disputes') {
      const parsed = DisputeRequestSchema.safeParse(JSON.parse((await readBody(req)) || '{}'));
      if (!parsed.success) return fail(res, 400, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const d = parsed.data;
      const dispute: Record<string, unknown> = {
        id: `dp_${++seq}`,
        amount: d.amount,
        currency: d.currency.toLowerCase(),
        charge: d.charge,
        reason: d.reason,
        status: 'needs_response',
        evidence_details: { due_by: Math.floor(now() / 1000) + d.dueInDays * 86_400 },
        metadata: d.caseId ? { redress_case_id: d.caseId } : {},
      };
      disputes.set(dispute.id as string, dispute);
      emit('charge.dispute.created', dispute);
      return send(res, 200, dispute);
    }
    const closeMatch = /^\/_fake\/disputes\/([^/]+)\/close$/.exec(path);
    if (req.method === 'POST' && closeMatch) {
      const dispute = disputes.get(closeMatch[1]!);
      if (!dispute) return fail(res, 404, 'resource_missing', 'no such dispute');
      const status = z.object({ status: z.enum(['won', 'lost']) }).safeParse(JSON.parse((await readBody(req)) || '{}'));
      if (!status.success) return fail(res, 400, 'invalid_request', 'status must be won or lost');
      dispute.status = status.data.status;
      emit('charge.dispute.closed', dispute);
      return send(res, 200, dispute);
    }
    if (req.method === 'GET' && path === '/_fake/events') return send(res, 200, events);
    const redeliver = /^\/_fake\/events\/([^/]+)\/redeliver$/.exec(path);
    if (req.method === 'POST' && redeliver) {
      const event = events.find((e) => e.id === redeliver[1]);
      if (!event) return fail(res, 404, 'resource_missing', 'no such event');
      await deliver(event);
      return send(res, 200, { id: event.id, deliveries: event.deliveries });
    }
    return fail(res, 404, 'not_found', `${req.method} ${path}`);
  };

  const server: Server = createServer((req, res) => {
    routes(req, res).catch((error: unknown) => {
      log(`fake payment provider: ${error instanceof Error ? error.message : 'error'}`);
      if (!res.headersSent) fail(res, 500, 'internal', 'fake provider error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    events: () => events.map((e) => ({ ...e, deliveries: [...e.deliveries] })),
    refunds: () => [...refunds.values()].map((r) => ({ ...r })),
    settled: async () => {
      // A delivery may queue another (none do today); loop until the tail is stable.
      let tail: Promise<void>;
      do {
        tail = queue;
        await tail;
      } while (tail !== queue);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
