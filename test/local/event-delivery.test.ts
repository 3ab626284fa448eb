import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../functions/analytics/eventbridge-publisher';
import { CaseEventSchema, type CaseEvent } from '../../functions/domain/case-events';
import { signatureHeader, verifySignature } from '../../functions/domain/webhooks/hmac-signature';
import { startEventDelivery, subscriptionsFromEnv, type EventDelivery } from '../../local/event-delivery';

/**
 * The local bus: the stream consumer's own EventBridge publisher (the real SDK client) talks to it, and it POSTs
 * each event to the subscribers with the documented headers and a signature a receiver can check.
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function receiver(status: () => number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

const event = (seq: number, type: CaseEvent['type']): CaseEvent =>
  CaseEventSchema.parse({
    id: `c1#${seq}`,
    type,
    occurredAt: new Date(Date.UTC(2026, 11, 1, 9, seq)).toISOString(),
    case: { id: 'c1', caseNumber: 'PE-2026-000001', status: 'in_progress', category: 'payout_delay', priority: 'normal', channel: 'web', department: 'payments', level: 0, policy: { name: 'promptearn', version: '1' } },
    event: { seq, actorRole: 'agent', summary: type, visibility: 'customer', deadlines: [] },
  });

let good: Awaited<ReturnType<typeof receiver>>;
let bad: Awaited<ReturnType<typeof receiver>>;
let delivery: EventDelivery;
let publisher: EventBridgePublisher;

beforeAll(async () => {
  good = await receiver(() => 204);
  bad = await receiver(() => 500);
  delivery = await startEventDelivery({
    subscriptions: [
      { url: good.url, secret: 's3cret', key: 'key-1' },
      { url: bad.url, secret: 'other', key: 'key-2' },
    ],
    retryDelaysMs: [10, 10],
  });
  const client = new EventBridgeClient({ endpoint: delivery.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  publisher = new EventBridgePublisher(client, 'local-bus');
});
afterAll(async () => {
  await delivery?.stop();
  good?.server.close();
  bad?.server.close();
});

describe('local event delivery', () => {
  it('each published event reaches the subscriber once, in order, with the id, type, key and a valid signature', async () => {
    // Act
    await publisher.publish([event(2, 'claimed'), event(3, 'staff_replied')]);
    await delivery.settled();
    // Assess
    expect(good.received.map((r) => JSON.parse(r.body).id)).toEqual(['c1#2', 'c1#3']);
    const [first] = good.received;
    expect(first!.headers).toMatchObject({ 'content-type': 'application/json', 'redress-event-id': 'c1#2', 'redress-event-type': 'Case claimed', 'redress-webhook-key': 'key-1' });
    expect(CaseEventSchema.parse(JSON.parse(first!.body))).toEqual(event(2, 'claimed'));
    const signature = String(first!.headers['redress-signature']);
    expect(verifySignature(signature, first!.body, ['s3cret'], new Date()).ok).toBe(true);
    expect(verifySignature(signature, first!.body.replace('claimed', 'resolved'), ['s3cret'], new Date()).ok).toBe(false);
  });

  it('a subscriber answering 500 is tried three times per event and then given up on', async () => {
    expect(bad.received.filter((r) => r.headers['redress-event-id'] === 'c1#2')).toHaveLength(3);
    expect(delivery.deliveries().filter((d) => d.url === bad.url)).toEqual([
      { url: bad.url, eventId: 'c1#2', status: 500, attempts: 3 },
      { url: bad.url, eventId: 'c1#3', status: 500, attempts: 3 },
    ]);
  });

  it('signatures are HMAC-SHA256 over "<t>.<body>"; subscriptions from REDRESS_WEBHOOKS', () => {
    // The value a receiver computes with any HMAC library: HMAC-SHA256("k", "1700000000.{}").
    expect(signatureHeader('{}', 'k', 1_700_000_000)).toBe(`t=1700000000,v1=${createHmac('sha256', 'k').update('1700000000.{}').digest('hex')}`);
    expect(subscriptionsFromEnv({ REDRESS_WEBHOOKS: 'http://a.test/x, http://b.test/y', REDRESS_WEBHOOK_SECRET: 'z' })).toEqual([
      { url: 'http://a.test/x', secret: 'z', key: 'z' },
      { url: 'http://b.test/y', secret: 'z', key: 'z' },
    ]);
    expect(subscriptionsFromEnv({ REDRESS_WEBHOOKS: '[{"url":"https://c.test/h","secret":"s","key":"k"}]' })).toEqual([{ url: 'https://c.test/h', secret: 's', key: 'k' }]);
    expect(() => subscriptionsFromEnv({ REDRESS_WEBHOOKS: 'not a url' })).toThrow();
  });
});
