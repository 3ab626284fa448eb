import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { RawMailSource } from '../../core/ports';

/** Raw messages the SES receipt rule stored in the inbound-mail bucket. */
export function s3RawMail(client: S3Client, bucket: string): RawMailSource {
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
  };
}
