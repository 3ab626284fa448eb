import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, GetObjectTaggingCommand, ListObjectsV2Command, ListObjectVersionsCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from '../../domain/zod';
import { readConfig } from '../../adapters/config';
import { presignUpload, UPLOAD_PREFIX, uploadKey } from './upload-policy';
import type { FileStorage } from '../../core/ports';

/** GuardDuty Malware Protection for S3 tags each scanned object (infra/constructs/files.ts). */
const SCAN_TAG = 'GuardDutyMalwareScanStatus';
const CLEAN = 'NO_THREATS_FOUND';
const filesKey = (caseId: string, name: string) => `cases/${caseId}/files/${name}`;

export const FilesEnv = { FILES_BUCKET: z.string().check(z.minLength(3)), FILES_KMS_KEY_ID: z.string().check(z.minLength(1)) };

/** Case files in the files bucket (SSE-KMS with the bucket's key); the scan verdict read from the object's tags. */
export function s3CaseFiles(client: S3Client, env: NodeJS.ProcessEnv = process.env): FileStorage {
  const { FILES_BUCKET: bucket, FILES_KMS_KEY_ID: kmsKeyId } = readConfig(FilesEnv, env);
  const list = async (prefix: string) => (await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [];
  return {
    presignUpload: (caseId, uploadId, maxBytes) => presignUpload(client, { bucket, caseId, uploadId, maxBytes, kmsKeyId }),
    async putUpload(caseId, uploadId, bytes) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: uploadKey(caseId, uploadId), Body: bytes, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId }));
    },
    async pendingUploads(caseId) {
      const objects = await list(`${UPLOAD_PREFIX}${caseId}/`);
      return Promise.all(
        objects.map(async (o) => {
          const tags = (await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: o.Key! }))).TagSet ?? [];
          const status = tags.find((t) => t.Key === SCAN_TAG)?.Value;
          return { uploadId: o.Key!.slice(`${UPLOAD_PREFIX}${caseId}/`.length), scanned: status === undefined ? ('pending' as const) : status === CLEAN ? ('clean' as const) : ('threat' as const) };
        }),
      );
    },
    async readUpload(caseId, uploadId) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: uploadKey(caseId, uploadId) }));
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async promote(caseId, uploadId, extension, bytes) {
      // The scan's verdict travels with the file: the bucket policy serves cases/ only to objects tagged clean.
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: filesKey(caseId, `${uploadId}.${extension}`), Body: bytes, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId, Tagging: `${SCAN_TAG}=${CLEAN}` }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: uploadKey(caseId, uploadId) }));
    },
    async discardUpload(caseId, uploadId) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: uploadKey(caseId, uploadId) }));
    },
    async files(caseId) {
      const prefix = filesKey(caseId, '');
      return (await list(prefix)).map((o) => ({ name: o.Key!.slice(prefix.length), size: o.Size ?? 0 }));
    },
    async putCaseFile(caseId, name, bytes, contentType) {
      // Tagged clean like a promoted upload: the bucket policy serves cases/ only to clean objects, and this one was made here.
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: filesKey(caseId, name), Body: bytes, ContentType: contentType, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId, Tagging: `${SCAN_TAG}=${CLEAN}` }));
    },
    async readCaseFile(caseId, name) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: filesKey(caseId, name) }));
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async eraseCaseFiles(caseId) {
      let deleted = 0;
      for (const prefix of [`${UPLOAD_PREFIX}${caseId}/`, filesKey(caseId, '')]) deleted += await deleteEveryVersion(client, bucket, prefix);
      return deleted;
    },
    downloadUrl: (caseId, name, expiresIn) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: filesKey(caseId, name) }), { expiresIn }),
  };
}

/** At most this many keys per DeleteObjects call (S3's limit), which is also a ListObjectVersions page. */
const DELETE_BATCH = 1000;

/**
 * Deletes every version and delete marker under `prefix`: the bucket is versioned, so deleting the current objects
 * alone would leave their bytes readable as noncurrent versions for the lifecycle's 30 days. Page by page: each
 * listed page is deleted before the next is asked for, so a crash leaves only what a rerun lists again.
 */
async function deleteEveryVersion(client: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, MaxKeys: DELETE_BATCH, ...marker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
    for (let i = 0; i < objects.length; i += DELETE_BATCH) {
      const batch = objects.slice(i, i + DELETE_BATCH);
      const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
      // Quiet: only failures come back. One left behind is personal data still readable: the erasure must fail (and be rerun).
      if (out.Errors?.length) throw new Error(`could not delete ${out.Errors.length} object version(s) under ${prefix}: ${out.Errors[0]!.Code ?? 'unknown'}`);
      deleted += batch.length;
    }
    if (!page.IsTruncated) return deleted;
    marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
}
