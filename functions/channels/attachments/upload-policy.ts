import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * A browser uploads a file for a case straight to S3 with a presigned POST. The policy pins everything the
 * uploader could otherwise choose: the key (ours: `uploads/<case id>/<upload id>`, never the file name), the size
 * range, the server-side encryption, and a short expiry. The object lands under `uploads/`, which nobody can
 * download from: the scan (content sniffing with `checkAttachment`, then malware protection on AWS) moves it to
 * `cases/<case id>/files/` or deletes it, so a disguised or oversized file is never served.
 */
export interface UploadPolicyInput {
  bucket: string;
  caseId: string;
  /** Unique per upload (a UUID the caller generates and records with the case). */
  uploadId: string;
  maxBytes: number;
  /** Seconds the form is valid; 5 minutes by default. */
  expiresInSeconds?: number;
  /** A KMS key id to encrypt with (SSE-KMS); SSE-S3 when absent. */
  kmsKeyId?: string;
}

export const UPLOAD_PREFIX = 'uploads/';
export const uploadKey = (caseId: string, uploadId: string): string => `${UPLOAD_PREFIX}${caseId}/${uploadId}`;

type Condition = ['content-length-range', number, number] | ['eq', string, string] | ['starts-with', string, string] | Record<string, string>;

/** The presigned POST's parameters (pure, so the policy is testable without signing). */
export function uploadPolicy(input: UploadPolicyInput): { Bucket: string; Key: string; Fields: Record<string, string>; Conditions: Condition[]; Expires: number } {
  if (!/^[0-9a-f-]{36}$/i.test(input.caseId) || !/^[0-9a-z-]{8,64}$/i.test(input.uploadId)) throw new Error('case id and upload id must be plain identifiers');
  const encryption: Record<string, string> = input.kmsKeyId
    ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': input.kmsKeyId }
    : { 'x-amz-server-side-encryption': 'AES256' };
  const key = uploadKey(input.caseId, input.uploadId);
  return {
    Bucket: input.bucket,
    Key: key,
    Fields: { ...encryption },
    Conditions: [
      ['content-length-range', 1, input.maxBytes],
      ['eq', '$key', key],
      ...Object.entries(encryption).map(([field, value]): Condition => ['eq', `$${field}`, value]),
      // The browser may say any Content-Type; it is not trusted (the scan sniffs the content), only bounded in form.
      ['starts-with', '$Content-Type', ''],
    ],
    Expires: input.expiresInSeconds ?? 300,
  };
}

export function presignUpload(client: S3Client, input: UploadPolicyInput): Promise<PresignedPost> {
  return createPresignedPost(client, uploadPolicy(input) as Parameters<typeof createPresignedPost>[1]);
}
