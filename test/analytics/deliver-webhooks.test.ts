import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseEventSchema, type CaseEvent } from '../../functions/domain/case-events';
import { DEFAULT_TOLERANCE_SECONDS, verifySignature } from '../../functions/domain/webhooks/hmac-signature';

/**
 * The AWS webhook delivery function, run as Lambda runs it: its module loaded with WEBHOOK_SUBSCRIBERS (secrets given
 * inline, as the ARNs' values would be), invoked with SQS events shaped as the subscriber's rule puts them on the
 * queue. A real HTTP receiver checks what an integrator checks: the signature over the exact bytes it got, the
 * timestamp within the tolerance, the key header.
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  verdict: ReturnType<typeof verifySignature>;
}

const SIGNING_SECRET = 'erp-signing-secret-0123456789abcdef';
const KEY = 'erp-key-0123456789abcdef';

let server: Server;
let url: string;
const received: Received[] = [];
let answer = 204;
let handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // Prepare: a receiver that verifies as the integrator's code would, on the raw body, before parsing it.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, verdict: verifySignature(String(req.headers['redress-signature']), body, [SIGNING_SECRET], new Date()) });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/redress`;
  process.env.WEBHOOK_SUBSCRIBERS = JSON.stringify([{ name: 'Erp', url, key: KEY, secret: SIGNING_SECRET }]);
  vi.resetModules();
  ({ handler } = await import('../../functions/analytics/deliver-webhooks'));
});
afterAll(() => {
  process.env = { ...savedEnv };
  server?.close();
});

const caseEvent = (seq: number): CaseEvent =>
  CaseEventSchema.parse({
    id: `c9#${seq}`,
    type: 'staff_replied',
    // Characters a re-serialization could change (escapes, non-ASCII): the signature must cover the bytes sent.
    occurredAt: new Date(Date.UTC(2026, 11, 3, 9, seq)).toISOString(),
    case: { id: 'c9', caseNumber: 'EC-2026-000009', status: 'in_progress', category: 'delivery', priority: 'normal', channel: 'web', department: 'logistics', level: 0, policy: { name: 'ecomstore', version: '1' } },
    event: { seq, actorRole: 'agent', summary: 'Réponse envoyée — "colis" <retardé> \u2028 ok', visibility: 'customer', deadlines: [] },
  });

/** An SQS record as the rule's input transformer writes it: `{ subscriber, detailType, detail }`. */
const record = (messageId: string, body: unknown) => ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSEvent['Records'][number];
const queued = (seq: number, subscriber = 'Erp') => ({ subscriber, detailType: 'Case staff replied', detail: caseEvent(seq) });

describe('signed webhook delivery (AWS: SQS → function → subscriber)', () => {
  it('POSTs each queued event with the id, type and key headers and a signature the receiver verifies over the bytes it got', async () => {
    // Act
    const result = await handler({ Records: [record('m1', queued(1)), record('m2', queued(2))] });
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(received.map((r) => r.headers['redress-event-id']).sort()).toEqual(['c9#1', 'c9#2']);
    for (const r of received) {
      expect(r.verdict).toMatchObject({ ok: true });
      expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'redress-event-type': 'Case staff replied', 'redress-webhook-key': KEY });
      expect(CaseEventSchema.parse(JSON.parse(r.body))).toEqual(caseEvent(Number(r.headers['redress-event-id']!.toString().split('#')[1])));
      // The receiver's replay window: the signed timestamp is now.
      expect(Math.abs(Date.now() / 1000 - (r.verdict as { timestamp: number }).timestamp)).toBeLessThan(DEFAULT_TOLERANCE_SECONDS);
    }
    // A body changed by one byte no longer verifies; a captured request replayed an hour later is refused as stale.
    const [first] = received;
    const signature = String(first!.headers['redress-signature']);
    expect(verifySignature(signature, first!.body.replace('"seq":1', '"seq":7'), [SIGNING_SECRET], new Date())).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifySignature(signature, first!.body, [SIGNING_SECRET], new Date(Date.now() + 3_600_000))).toMatchObject({ ok: false, reason: 'stale_timestamp' });
  });

  it('a subscriber that fails gets the message back for a later retry; a malformed or orphaned message is dropped', async () => {
    // Prepare
    received.length = 0;
    answer = 503;
    // Act
    const result = await handler({ Records: [record('m3', queued(3)), record('m4', 'not json'), record('m5', queued(5, 'Gone'))] });
    // Assess: only the undelivered one is retried; nothing was sent for the other two.
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    expect(received.map((r) => r.headers['redress-event-id'])).toEqual(['c9#3']);
    answer = 204;
  });
});
