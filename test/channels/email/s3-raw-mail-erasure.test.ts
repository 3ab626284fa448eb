/**
 * Erasure's part in the inbound-mail bucket (RawMailArchive, functions/channels/email/s3-raw-mail.ts): on the local
 * S3 server (local/s3-server.ts) through the adapter the Lambdas use, a raw message recorded for a case is deleted
 * with the case's records, another case's and an unrecorded message stay; a rerun finds nothing. Then, against a
 * scripted client, a refused delete fails the erasure and keeps the records, so that a rerun still finds the message.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { rawMailArchive, s3RawMail } from '../../../functions/channels/email/s3-raw-mail';
import { localS3Bucket, scriptedS3 } from '../../support/local-s3-bucket';

const BUCKET = 'inbound-mail-bucket';
const bucket = localS3Bucket(BUCKET);
const { keysIn } = bucket;

const raw = new TextEncoder().encode('From: Ada Lovelace <ada@example.com>\r\nSubject: my refund\r\n\r\nMy card ends 4242.\r\n');
/** A message as SES stores it: `inbound/<message id>`. */
async function stored(): Promise<string> {
  const key = `inbound/${crypto.randomUUID()}`;
  await bucket.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: raw }));
  return key;
}

describe('erasing a case’s raw inbound mail on the local S3', () => {
  it('deletes the messages recorded for the case and their records; another case’s and an unrecorded message stay; a rerun deletes nothing', async () => {
    // Prepare: the case got a new-case mail and a reply; another case a mail; one message became no case (ignored).
    const mail = s3RawMail(bucket.client, BUCKET);
    const [first, reply, others, ignored] = [await stored(), await stored(), await stored(), await stored()];
    const erased = crypto.randomUUID();
    const kept = crypto.randomUUID();
    await mail.recordCase(first, erased);
    await mail.recordCase(reply, erased);
    await mail.recordCase(reply, erased); // a redelivery records it again: still one record
    await mail.recordCase(others, kept);
    expect(await keysIn(`cases/${erased}/`)).toEqual([`cases/${erased}/${first}`, `cases/${erased}/${reply}`].sort());

    // Act: as the erasing functions build it, from RAW_MAIL_BUCKET.
    const deleted = await rawMailArchive(bucket.client, { RAW_MAIL_BUCKET: BUCKET }).eraseCaseMail(erased);

    // Assess: the case's two messages unreadable and its records gone; the other case's and the ignored one whole.
    expect(deleted).toBe(2);
    expect(await mail.get(first)).toBeUndefined();
    expect(await mail.get(reply)).toBeUndefined();
    expect(await keysIn(`cases/${erased}/`)).toEqual([]);
    expect(await mail.get(others)).toEqual(raw);
    expect(await mail.get(ignored)).toEqual(raw);
    expect(await keysIn()).toEqual([`cases/${kept}/${others}`, ignored, others].sort());

    // A rerun (after a crash, or the customer asking again) finds nothing left.
    expect(await mail.eraseCaseMail(erased)).toBe(0);
    expect(await keysIn()).toHaveLength(3);
  });

  it('a case that came by form (no mail): nothing to delete', async () => {
    expect(await s3RawMail(bucket.client, BUCKET).eraseCaseMail(crypto.randomUUID())).toBe(0);
  });
});

describe('a raw message S3 refuses to delete (scripted S3)', () => {
  it('fails the erasure before its record is deleted, so a rerun still finds it', async () => {
    const caseId = '7b0c8f7e-3a59-4c1e-9d43-0a4f3f0e2b11';
    const { client: scripted, sent } = scriptedS3((command) => {
      if (command instanceof ListObjectsV2Command) return { Contents: [{ Key: `cases/${caseId}/inbound/m1` }], IsTruncated: false };
      if (command instanceof DeleteObjectsCommand) return { Errors: [{ Key: 'inbound/m1', Code: 'AccessDenied' }] };
      throw new Error(`unexpected ${command.constructor.name}`);
    });

    await expect(s3RawMail(scripted, BUCKET).eraseCaseMail(caseId)).rejects.toThrow(/could not delete 1 raw mail object\(s\): AccessDenied/);
    const deletes = sent.filter((s) => s.name === 'DeleteObjectsCommand').map((s) => (s.input.Delete as { Objects: unknown[] }).Objects);
    expect(deletes).toEqual([[{ Key: 'inbound/m1' }]]);
  });
});
