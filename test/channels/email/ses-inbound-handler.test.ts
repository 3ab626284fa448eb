import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readInboundEmailConfig } from '../../../functions/channels/email/inbound-email-config';
import { loadSigningSecrets } from '../../../functions/channels/email/signing-secrets';
import { s3RawMail } from '../../../functions/channels/email/s3-raw-mail';
import { sesInboundHandler } from '../../../functions/channels/email/ses-inbound-handler';
import type { InboundOutcome } from '../../../functions/channels/inbound-outcome';
import { ConfigError } from '../../../functions/adapters/config';
import { InMemoryCaseDirectory } from './in-memory-case-directory';
import { FIXTURE_CASE_ID, FIXTURE_SIGNING, rawMail } from './mail-fixtures';

const s3 = mockClient(S3Client);
const sm = mockClient(SecretsManagerClient);
/** The part of the SDK's streaming body the adapter reads. */
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;
afterEach(() => {
  s3.reset();
  sm.reset();
});

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

describe('inbound email configuration', () => {
  it('reads the bucket, the reply domain and our own addresses, with the signing secrets given', () => {
    // Act
    const config = readInboundEmailConfig(['a-new-secret-that-is-long-enough-123'], {
      INBOUND_MAIL_BUCKET: 'bucket',
      REPLY_DOMAIN: 'Reply.Example.com',
      OWN_ADDRESSES: 'complaints@example.com,supervisors@example.com',
    });

    // Assess
    expect(config.keyPrefix).toBe('inbound/');
    expect(config.routing.signing).toEqual({ domain: 'reply.example.com', secrets: ['a-new-secret-that-is-long-enough-123'] });
    expect(config.routing.ownAddresses).toEqual(['complaints@example.com', 'supervisors@example.com']);
  });

  it('names a missing domain and a bad address', () => {
    // Act
    const read = () => readInboundEmailConfig(['a-new-secret-that-is-long-enough-123'], { INBOUND_MAIL_BUCKET: 'bucket', OWN_ADDRESSES: 'not-an-address' });

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/REPLY_DOMAIN: is not set.*OWN_ADDRESSES/);
  });

  it('signing secrets come from Secrets Manager by ARN, newest first; inline ones win locally', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:reply-AbC123' }).resolves({
      SecretString: 'new-secret-that-is-long-enough-000001, old-secret-that-is-long-enough-000002',
    });

    // Act
    const fromArn = await loadSigningSecrets({ REPLY_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:reply-AbC123' }, new SecretsManagerClient({ region: 'us-east-1' }));
    const inline = await loadSigningSecrets({ REPLY_SIGNING_SECRETS: 'local-secret-that-is-long-enough-00003' }, new SecretsManagerClient({ region: 'us-east-1' }));

    // Assess
    expect(fromArn).toEqual(['new-secret-that-is-long-enough-000001', 'old-secret-that-is-long-enough-000002']);
    expect(inline).toEqual(['local-secret-that-is-long-enough-00003']);
    expect(sm.calls()).toHaveLength(1);
  });

  it('refuses a short secret and a missing one, naming the variables', async () => {
    // Act / Assess
    await expect(loadSigningSecrets({ REPLY_SIGNING_SECRETS: 'short' }, new SecretsManagerClient({ region: 'us-east-1' }))).rejects.toThrow(/at least 32 characters/);
    await expect(loadSigningSecrets({}, new SecretsManagerClient({ region: 'us-east-1' }))).rejects.toThrow(/REPLY_SIGNING_SECRETS or REPLY_SIGNING_SECRET_ARN/);
  });
});
