import { describe, expect, it } from 'vitest';
import { decideRefund } from '../../../functions/domain/finance/refund/decide';
import type { Refund } from '../../../functions/domain/finance/refund/model';
import { receiveWebhook, type WebhookVerdict } from '../../../functions/domain/finance/webhooks/receive';
import { signatureHeader, verifySignature } from '../../../functions/domain/finance/webhooks/signature';
import { mustBeOk, provider } from './helpers';

const SECRET = 'whsec_test_8f2b1c';
const now = new Date('2026-11-27T14:00:00Z');
const nowS = now.getTime() / 1000;

const refundEvent = (id: string, type: string, status: string, created = nowS, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    type,
    created,
    data: { object: { id: 're_1', amount: 1000, currency: 'ngn', status, charge: 'ch_9', metadata: { redress_refund_id: 'rf-1' }, ...extra } },
  });

const deliver = (rawBody: string, opts: { secret?: string; t?: number; seen?: string[]; header?: string } = {}): WebhookVerdict =>
  receiveWebhook(
    { signature: opts.header ?? signatureHeader(rawBody, opts.secret ?? SECRET, opts.t ?? nowS), rawBody },
    { secrets: [SECRET], now, seen: (id) => (opts.seen ?? []).includes(id) },
  );

describe('webhook signature', () => {
  it('accepts an authentic, fresh event and maps it to the refund command', () => {
    const verdict = deliver(refundEvent('evt_1', 'refund.updated', 'succeeded'));

    expect(verdict).toMatchObject({
      kind: 'accepted',
      mapped: {
        target: 'refund',
        refundId: 'rf-1',
        command: { type: 'providerUpdate', eventId: 'evt_1', status: 'succeeded', providerRefundId: 're_1', amount: { amountMinor: 1000, currency: 'NGN' }, occurredAt: now.toISOString() },
      },
    });
  });

  it('refuses forgeries: a changed body, another secret, a missing or malformed header, a signature moved to another time', () => {
    const body = refundEvent('evt_1', 'refund.updated', 'succeeded');
    const header = signatureHeader(body, SECRET, nowS);

    const tampered = receiveWebhook({ signature: header, rawBody: body.replace('"amount":1000', '"amount":9000') }, { secrets: [SECRET], now, seen: () => false });
    const otherSecret = deliver(body, { secret: 'whsec_attacker' });
    const missing = receiveWebhook({ signature: undefined, rawBody: body }, { secrets: [SECRET], now, seen: () => false });
    const garbage = deliver(body, { header: 'v1=abc' });
    const retimed = deliver(body, { header: header.replace(`t=${nowS}`, `t=${nowS + 1}`) });

    expect(tampered).toMatchObject({ kind: 'refused', reason: 'bad_signature' });
    expect(otherSecret).toMatchObject({ kind: 'refused', reason: 'bad_signature' });
    expect(missing).toMatchObject({ kind: 'refused', reason: 'malformed_signature_header' });
    expect(garbage).toMatchObject({ kind: 'refused', reason: 'malformed_signature_header' });
    expect(retimed).toMatchObject({ kind: 'refused', reason: 'bad_signature' });
  });

  it('refuses a stale or future timestamp past the 300 s tolerance, and accepts one exactly at it', () => {
    const body = refundEvent('evt_1', 'refund.updated', 'succeeded');

    expect(deliver(body, { t: nowS - 300 }).kind).toBe('accepted');
    expect(deliver(body, { t: nowS - 301 })).toMatchObject({ kind: 'refused', reason: 'stale_timestamp' });
    expect(deliver(body, { t: nowS + 301 })).toMatchObject({ kind: 'refused', reason: 'stale_timestamp' });
  });

  it('accepts any of several secrets and several v1 signatures (a secret being rotated)', () => {
    const body = '{"id":"evt_1"}';
    const header = `t=${nowS},v1=${'0'.repeat(64)},v1=${signatureHeader(body, 'whsec_new', nowS).split('v1=')[1]}`;

    expect(verifySignature(header, body, ['whsec_old', 'whsec_new'], now)).toEqual({ ok: true, timestamp: nowS });
    expect(verifySignature(header, body, ['whsec_old'], now)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});

describe('webhook events', () => {
  it('refuses a replay of an event id already processed, even correctly signed and fresh', () => {
    const body = refundEvent('evt_1', 'refund.updated', 'succeeded');

    expect(deliver(body, { seen: ['evt_1'] })).toMatchObject({ kind: 'refused', reason: 'replay', eventId: 'evt_1' });
    expect(deliver(body, { seen: ['evt_0'] }).kind).toBe('accepted');
  });

  it('acknowledges and ignores an unknown event type; refuses an authentic but malformed one', () => {
    const unknown = JSON.stringify({ id: 'evt_9', type: 'payout.paid', created: nowS, data: { object: { id: 'po_1' } } });
    const notJson = 'not json';
    const badRefund = refundEvent('evt_8', 'refund.updated', 'teleported');

    expect(deliver(unknown)).toMatchObject({ kind: 'ignored', detail: expect.stringContaining('payout.paid') });
    expect(deliver(notJson)).toMatchObject({ kind: 'refused', reason: 'malformed_event' });
    expect(deliver(badRefund)).toMatchObject({ kind: 'refused', reason: 'malformed_event', eventId: 'evt_8' });
  });

  it('maps a dispute: currency upper-cased, due date from evidence_details, an inquiry closed without a chargeback is won', () => {
    const dispute = (id: string, status: string) =>
      JSON.stringify({
        id,
        type: 'charge.dispute.created',
        created: nowS,
        data: { object: { id: 'dp_1', amount: 25_000, currency: 'usd', charge: 'ch_9', reason: 'fraudulent', status, evidence_details: { due_by: nowS + 7 * 86400 } } },
      });

    const opened = deliver(dispute('evt_1', 'needs_response'));
    const inquiryClosed = deliver(dispute('evt_2', 'warning_closed'));

    expect(opened).toMatchObject({
      kind: 'accepted',
      mapped: {
        target: 'chargeback',
        providerDisputeId: 'dp_1',
        command: { status: 'needs_response', amount: { amountMinor: 25_000, currency: 'USD' }, transactionReference: 'ch_9', reason: 'fraudulent', evidenceDueBy: '2026-12-04T14:00:00.000Z' },
      },
    });
    expect(inquiryClosed).toMatchObject({ kind: 'accepted', mapped: { command: { status: 'won' } } });
  });

  it('out of order: succeeded delivered before created(pending) leaves the refund succeeded', () => {
    const refund: Refund = {
      refundId: 'rf-1',
      caseId: 'case-1',
      amount: { amountMinor: 1000, currency: 'NGN' },
      reason: 'Course never delivered',
      reference: { kind: 'order', value: 'ORD-77' },
      status: 'approved',
      route: 'agent',
      routeExplanation: 'at or below the limit',
      proposedBy: { staffId: 'agent-1', role: 'agent' },
      proposedAt: '2026-11-27T13:00:00Z',
      provider: {},
      version: 1,
    };
    const seen: string[] = [];
    let current = refund;
    // The provider created the refund (pending) and then settled it, but the deliveries cross.
    for (const body of [refundEvent('evt_2', 'refund.updated', 'succeeded', nowS - 5), refundEvent('evt_1', 'refund.created', 'pending', nowS - 10)]) {
      const verdict = deliver(body, { seen });
      if (verdict.kind !== 'accepted' || verdict.mapped.target !== 'refund') throw new Error(JSON.stringify(verdict));
      seen.push(verdict.event.id);
      current = mustBeOk(decideRefund(current, verdict.mapped.command, provider, now)).refund;
    }

    expect(current.status).toBe('succeeded');
    expect(current.provider).toEqual({ refundId: 're_1', lastEventId: 'evt_2', lastEventAt: '2026-11-27T13:59:55.000Z' });
  });
});
