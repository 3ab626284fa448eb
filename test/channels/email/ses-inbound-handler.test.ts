import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { readInboundEmailConfig } from '../../../functions/channels/email/inbound-email-config';
import { s3RawMail } from '../../../functions/channels/email/s3-raw-mail';
import { sesInboundHandler } from '../../../functions/channels/email/ses-inbound-handler';
import type { InboundOutcome } from '../../../functions/channels/inbound-outcome';
import { ConfigError } from '../../../functions/adapters/config';
import { InMemoryCaseDirectory } from './in-memory-case-directory';
import { FIXTURE_CASE_ID, FIXTURE_SIGNING, rawMail } from './mail-fixtures';

const s3 = mockClient(S3Client);
/** The part of the SDK's streaming body the adapter reads. */
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;
afterEach(() => s3.reset());

/** An SES receipt-rule Lambda event as SES sends it (trimmed to the fields SES always sets plus the verdicts). */
const sesEvent = (messageId: string, recipients: string[], verdicts: { dmarc?: string; virus?: string; dmarcPolicy?: string } = {}) => ({
  Records: [
    {
      eventSource: 'aws:ses',
      eventVersion: '1.0',
      ses: {
        mail: { messageId, timestamp: '2026-12-02T11:20:59.000Z', source: 'ada.obi@example.com', destination: recipients },
        receipt: {
          timestamp: '2026-12-02T11:21:00.000Z',
          recipients,
          spfVerdict: { status: 'PASS' },
          dkimVerdict: { status: 'PASS' },
          dmarcVerdict: { status: verdicts.dmarc ?? 'PASS' },
          spamVerdict: { status: 'PASS' },
          virusVerdict: { status: verdicts.virus ?? 'PASS' },
          ...(verdicts.dmarcPolicy ? { dmarcPolicy: verdicts.dmarcPolicy } : {}),
          action: { type: 'Lambda', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:inbound', invocationType: 'Event' },
        },
      },
    },
  ],
});

const handlerWith = (accepted: InboundOutcome[]) =>
  sesInboundHandler({
    raw: s3RawMail(new S3Client({ region: 'us-east-1' }), 'inbound-bucket'),
    keyPrefix: 'inbound/',
    cases: new InMemoryCaseDirectory().withCase(FIXTURE_CASE_ID, 'ada.obi@example.com'),
    inbound: { accept: async (o) => void accepted.push(o) },
    config: { signing: FIXTURE_SIGNING, ownAddresses: ['help@redress.test'] },
  });

describe('sesInboundHandler', () => {
  it('reads the message SES stored under the prefix and its message id, and hands the routed outcome to the core', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'inbound-bucket', Key: 'inbound/ses-msg-1' }).resolves({ Body: body(rawMail('outlook-reply.eml')) });
    const accepted: InboundOutcome[] = [];
    const recipient = 'CASE+3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69.c499abbc8c9a55860715@reply.redress.test';

    // Act
    const outcomes = await handlerWith(accepted)(sesEvent('ses-msg-1', [recipient]));

    // Assess
    expect(outcomes).toEqual(accepted);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ kind: 'reply', caseId: FIXTURE_CASE_ID, rawKey: 'inbound/ses-msg-1', receivedAt: '2026-12-02T11:21:00.000Z' });
  });

  it('passes the verdicts on: DMARC failed under a reject policy (upper-case as SES may send it) holds the reply', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves({ Body: body(rawMail('outlook-reply.eml')) });
    const accepted: InboundOutcome[] = [];

    // Act
    await handlerWith(accepted)(sesEvent('m', ['help@redress.test'], { dmarc: 'FAIL', dmarcPolicy: 'REJECT' }));

    // Assess
    expect(accepted[0]).toMatchObject({ kind: 'held', reason: 'sender-not-authenticated' });
  });

  it('a message missing from the bucket throws (the async invocation retries) and nothing reaches the core', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    const accepted: InboundOutcome[] = [];

    // Act
    const run = handlerWith(accepted)(sesEvent('missing', ['help@redress.test']));

    // Assess
    await expect(run).rejects.toThrow(/no raw message stored under inbound\/missing/);
    expect(accepted).toEqual([]);
  });

  it('an event that is not an SES receipt event is refused before any read', async () => {
    // Act
    const run = handlerWith([])({ Records: [{ eventSource: 'aws:s3' }] });

    // Assess
    await expect(run).rejects.toThrow();
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('readInboundEmailConfig', () => {
  it('reads the secrets list (first signs) and our own addresses', () => {
    // Act
    const config = readInboundEmailConfig({
      INBOUND_MAIL_BUCKET: 'bucket',
      REPLY_DOMAIN: 'Reply.Example.com',
      REPLY_SIGNING_SECRETS: 'a-new-secret-that-is-long-enough-123, an-old-secret-that-is-long-enough-12',
      OWN_ADDRESSES: 'complaints@example.com,supervisors@example.com',
    });

    // Assess
    expect(config.keyPrefix).toBe('inbound/');
    expect(config.routing.signing).toEqual({ domain: 'reply.example.com', secrets: ['a-new-secret-that-is-long-enough-123', 'an-old-secret-that-is-long-enough-12'] });
    expect(config.routing.ownAddresses).toEqual(['complaints@example.com', 'supervisors@example.com']);
  });

  it('names a short secret and a missing domain', () => {
    // Act
    const read = () => readInboundEmailConfig({ INBOUND_MAIL_BUCKET: 'bucket', REPLY_SIGNING_SECRETS: 'short', OWN_ADDRESSES: '' });

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/REPLY_DOMAIN: is not set.*REPLY_SIGNING_SECRETS.*32 characters/);
  });
});
