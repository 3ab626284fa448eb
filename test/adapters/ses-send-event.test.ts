import { describe, expect, it } from 'vitest';
import { sentMailOf } from '../../functions/adapters/ses-send-event';
import { IDEMPOTENCY_HEADER } from '../../functions/core/outbox';

/** An "Email Sent" event as SES publishes it to EventBridge (shape of the SES developer guide's example). */
const event = (headers: { name: string; value: string }[]) => ({
  version: '0',
  id: 'c6b2d1f0-0000-4000-8000-000000000001',
  'detail-type': 'Email Sent',
  source: 'aws.ses',
  account: '123456789012',
  time: '2026-12-03T10:00:01Z',
  region: 'eu-west-1',
  resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/redress-prod'],
  detail: {
    eventType: 'Send',
    mail: {
      timestamp: '2026-12-03T10:00:00.512Z',
      source: 'support@redress.example',
      sendingAccountId: '123456789012',
      messageId: '0102019a-ses-message-id',
      destination: ['customer@example.com'],
      headersTruncated: false,
      headers,
      commonHeaders: { from: ['support@redress.example'], to: ['customer@example.com'], subject: 'We received your complaint' },
      tags: { 'ses:configuration-set': ['redress-prod'] },
    },
    send: {},
  },
});

describe("SES's Email Sent event", () => {
  it('names the outbox message by its idempotency header, whatever the header name case', () => {
    const key = '6f1c0c8e-3b8e-4a59-9d43-2b8d8d0a7c11.3.0.acknowledgment.customer';
    expect(sentMailOf(event([{ name: 'From', value: 'support@redress.example' }, { name: IDEMPOTENCY_HEADER.toLowerCase(), value: key }]))).toEqual({
      key,
      messageId: '0102019a-ses-message-id',
      at: '2026-12-03T10:00:00.512Z',
    });
  });

  it('mail without the header is not ours; another event type is refused', () => {
    expect(sentMailOf(event([{ name: 'From', value: 'support@redress.example' }]))).toBeUndefined();
    expect(() => sentMailOf({ ...event([]), 'detail-type': 'Email Delivered' })).toThrow();
  });
});
