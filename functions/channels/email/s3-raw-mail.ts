import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as z from '../../domain/zod';
import { readConfig } from '../../adapters/config';
import type { RawMailArchive, RawMailSource } from '../../core/ports';

/**
 * Where the record of a case's raw messages lives in the inbound-mail bucket: one empty object per message,
 * `cases/<case id>/<the raw message's key>`. Ids only, nothing personal; a list of the prefix is the case's mail.
 */
export const RAW_MAIL_CASES_PREFIX = 'cases/';
const recordPrefix = (caseId: string) => `${RAW_MAIL_CASES_PREFIX}${caseId}/`;

/** The erasing functions name the inbound-mail bucket apart from the inbound handler's `INBOUND_MAIL_BUCKET` (infra/constructs/inbound-mail.ts `allowErasing`). */
export const RawMailEnv = { RAW_MAIL_BUCKET: z.string().check(z.minLength(3)) };
export const rawMailArchive = (client: S3Client, env: NodeJS.ProcessEnv = process.env): RawMailArchive => s3RawMail(client, readConfig(RawMailEnv, env).RAW_MAIL_BUCKET);

/** Raw messages the SES receipt rule stored in the inbound-mail bucket, and which case each became (for erasure). */
export function s3RawMail(client: S3Client, bucket: string): RawMailSource & RawMailArchive {
  return {
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async recordCase(key, caseId) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${recordPrefix(caseId)}${key}`, Body: new Uint8Array() }));
    },
    async eraseCaseMail(caseId) {
      // The bucket is not versioned: a delete removes the bytes. The messages first, their records after them, so a
      // failure leaves records to a rerun (a delete of a missing key succeeds). Each page is deleted before the next
      // list, which then starts from what is left.
      const prefix = recordPrefix(caseId);
      let erased = 0;
      for (;;) {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        const records = (page.Contents ?? []).map((o) => o.Key!);
        if (records.length === 0) return erased;
        await deleteAll(client, bucket, records.map((r) => r.slice(prefix.length)));
        await deleteAll(client, bucket, records);
        erased += records.length;
      }
    },
  };
}

/** One DeleteObjects call (a list page is at most 1000 keys, S3's limit per call); any key left behind fails the erasure. */
async function deleteAll(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
  // Quiet: only failures come back. A message left behind is personal data still readable: the erasure must fail (and be rerun).
  if (out.Errors?.length) throw new Error(`could not delete ${out.Errors.length} raw mail object(s): ${out.Errors[0]!.Code ?? 'unknown'}`);
}
