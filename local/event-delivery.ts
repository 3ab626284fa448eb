/**
 * LOCAL ONLY: the event bus of `npm start`. An HTTP endpoint speaking EventBridge's PutEvents (AWS JSON 1.1), so the
 * stream consumer publishes with the same SDK client as on AWS (AWS_ENDPOINT_URL_EVENTBRIDGE), and a delivery that
 * POSTs each case event to every subscriber with the headers the AWS delivery sends (event id, type, the
 * subscription's key, the HMAC-SHA256 signature of the body), by the same code (postWebhook), so an integrator can
 * test a receiver against `npm start`. Subscriptions come from REDRESS_WEBHOOKS (see subscriptionsFromEnv).
 *
 * Delivery is in the background, in order per PutEvents call, retried twice (after 1 s and 5 s on the process's
 * clock, so a virtual-clock jump hurries them) and then dropped with a log line, as a dead-letter queue would hold it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from '../functions/domain/zod';
import { delivered, postWebhook } from '../functions/analytics/webhook-post';

export interface WebhookSubscription {
  url: string;
  /** HMAC key of the signature header. */
  secret: string;
  /** Sent as the Redress-Webhook-Key header, as the API destination's connection sends its API key. */
  key: string;
}

export interface Delivery {
  url: string;
  eventId: string;
  status: number | 'error';
  attempts: number;
}

export interface EventDelivery {
  /** Give it to the SDK as AWS_ENDPOINT_URL_EVENTBRIDGE. */
  endpoint: string;
  subscriptions: readonly WebhookSubscription[];
  /** What was delivered (or finally failed), in completion order. */
  deliveries(): readonly Delivery[];
  /** Resolves when every delivery accepted so far has finished (delivered or given up). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_WEBHOOK_SECRET = 'local-webhook-secret';

const SubscriptionSchema = z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.optional(z.string().check(z.minLength(1))), key: z.optional(z.string().check(z.minLength(1))) });

/**
 * REDRESS_WEBHOOKS: either URLs separated by commas or spaces, or a JSON array of `{ url, secret?, key? }`.
 * Missing secrets and keys default to REDRESS_WEBHOOK_SECRET (else "local-webhook-secret").
 */
export function subscriptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSubscription[] {
  const text = env.REDRESS_WEBHOOKS?.trim();
  if (!text) return [];
  const fallback = env.REDRESS_WEBHOOK_SECRET || DEFAULT_WEBHOOK_SECRET;
  const listed = text.startsWith('[') ? z.array(SubscriptionSchema).parse(JSON.parse(text)) : text.split(/[\s,]+/).map((url) => SubscriptionSchema.parse({ url }));
  return listed.map((s) => ({ url: s.url, secret: s.secret ?? fallback, key: s.key ?? fallback }));
}

const PutEventsSchema = z.looseObject({
    Entries: z.array(z.looseObject({ Source: z.string(), DetailType: z.string(), Detail: z.string(), EventBusName: z.optional(z.string()), Time: z.optional(z.unknown()), Resources: z.optional(z.array(z.string())) })).check(z.minLength(1), z.maxLength(10)),
  });
const DetailIdSchema = z.looseObject({ id: z.string().check(z.minLength(1)) });

const RETRY_DELAYS_MS = [1_000, 5_000];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startEventDelivery(
  options: { port?: number; subscriptions?: readonly WebhookSubscription[]; log?: (line: string) => void; retryDelaysMs?: readonly number[] } = {},
): Promise<EventDelivery> {
  const retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const subscriptions = options.subscriptions ?? subscriptionsFromEnv();
  const log = options.log ?? (() => {});
  const done: Delivery[] = [];
  const inFlight = new Set<Promise<void>>();

  async function deliver(s: WebhookSubscription, eventId: string, detailType: string, body: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // The same sending code as the AWS delivery function (functions/analytics/webhook-post.ts).
      const status = await postWebhook(s, { eventId, detailType, body });
      const ok = delivered(status);
      if (ok || attempt > retryDelays.length) {
        done.push({ url: s.url, eventId, status, attempts: attempt });
        if (!ok) log(`[events] gave up delivering ${eventId} to ${s.url} after ${attempt} attempts (${status})`);
        return;
      }
      await new Promise((r) => setTimeout(r, retryDelays[attempt - 1]));
    }
  }

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
      answer(400, { __type: 'UnknownOperationException', message: 'this local bus serves PutEvents only' });
      return;
    }
    let parsed: z.infer<typeof PutEventsSchema>;
    try {
      parsed = PutEventsSchema.parse(JSON.parse(await readBody(req)));
    } catch (e) {
      answer(400, { __type: 'ValidationException', message: (e as Error).message.slice(0, 500) });
      return;
    }
    const entries = parsed.Entries.map((entry) => {
      const id = DetailIdSchema.safeParse(safeJson(entry.Detail));
      return { entry, eventId: id.success ? id.data.id : randomUUID() };
    });
    // Per subscriber, the events of one call in order (a later event never overtakes an earlier one).
    for (const s of subscriptions) {
      track(
        (async () => {
          for (const { entry, eventId } of entries) await deliver(s, eventId, entry.DetailType, entry.Detail);
        })(),
      );
    }
    answer(200, { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  if (subscriptions.length) log(`[events] delivering case events to ${subscriptions.map((s) => s.url).join(', ')}`);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    subscriptions,
    deliveries: () => done,
    settled: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
