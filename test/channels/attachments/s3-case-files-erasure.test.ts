/**
 * Erasure's part in S3 (FileStorage.eraseCaseFiles): on the local S3 server (local/s3-server.ts) through the adapter
 * the Lambdas use, every object of the case goes (uploads, promoted files, generated files) and nothing of another
 * case; a rerun finds nothing and fails nothing. Then, against a scripted client, what the local server cannot show:
 * every version and delete marker of the versioned bucket is deleted, page after page, and a refused delete fails
 * the erasure instead of leaving a readable version behind.
 */
import { DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3CaseFiles } from '../../../functions/channels/attachments/s3-case-files';
import { localS3Bucket, scriptedS3 } from '../../support/local-s3-bucket';

const BUCKET = 'files-bucket';
const ENV = { FILES_BUCKET: BUCKET, FILES_KMS_KEY_ID: 'local-key' };
const bucket = localS3Bucket(BUCKET);
const { keysIn } = bucket;
const files = () => s3CaseFiles(bucket.client, ENV);

const bytes = new TextEncoder().encode('%PDF- a statement with a name in it');

/** A case with a pending upload, a promoted file and a generated file. */
async function caseWithFiles(): Promise<string> {
  const caseId = crypto.randomUUID();
  await files().putUpload(caseId, 'u-pending', bytes);
  await files().putUpload(caseId, 'u-promoted', bytes);
  await files().promote(caseId, 'u-promoted', 'pdf', bytes);
  await files().putCaseFile(caseId, 'evidence-cb_1.pdf', bytes, 'application/pdf');
  return caseId;
}

describe('erasing a case’s files on the local S3', () => {
  it('deletes its uploads and files, leaves another case’s whole; a rerun deletes nothing and fails nothing', async () => {
    // Prepare: two cases; one's id is a prefix of nothing the other has.
    const erased = await caseWithFiles();
    const kept = await caseWithFiles();
    expect(await keysIn()).toHaveLength(6);

    // Act
    const deleted = await files().eraseCaseFiles(erased);

    // Assess: the case's three objects gone, through every read the app has; the other case's three untouched.
    expect(deleted).toBe(3);
    expect(await keysIn(`uploads/${erased}/`)).toEqual([]);
    expect(await keysIn(`cases/${erased}/`)).toEqual([]);
    expect(await files().files(erased)).toEqual([]);
    expect(await files().pendingUploads(erased)).toEqual([]);
    expect(await files().readCaseFile(erased, 'evidence-cb_1.pdf')).toBeUndefined();
    expect(await keysIn()).toEqual([`cases/${kept}/files/evidence-cb_1.pdf`, `cases/${kept}/files/u-promoted.pdf`, `uploads/${kept}/u-pending`].sort());
    expect(await files().readCaseFile(kept, 'u-promoted.pdf')).toEqual(bytes);

    // A rerun (after a crash, or the customer asking again) finds nothing left.
    expect(await files().eraseCaseFiles(erased)).toBe(0);
    expect(await keysIn()).toHaveLength(3);
  });

  it('a case with no files at all: nothing to delete', async () => {
    expect(await files().eraseCaseFiles(crypto.randomUUID())).toBe(0);
  });
});

/** An S3 client answering from a script: ListObjectVersions pages in order, DeleteObjects with `deleteErrors`. */
function scriptedClient(pages: ListPage[], deleteErrors: { Key: string; Code: string }[] = []) {
  const remaining = new Map<string, ListPage[]>();
  return scriptedS3((command, input) => {
    if (command instanceof ListObjectVersionsCommand) {
      const prefix = String(input.Prefix);
      if (!remaining.has(prefix)) remaining.set(prefix, pages.filter((p) => p.prefix === prefix));
      return remaining.get(prefix)!.shift() ?? { IsTruncated: false };
    }
    if (command instanceof DeleteObjectsCommand) return { Errors: deleteErrors };
    throw new Error(`unexpected ${command.constructor.name}`);
  });
}
type ListPage = { prefix: string; Versions?: { Key: string; VersionId: string }[]; DeleteMarkers?: { Key: string; VersionId: string }[]; IsTruncated: boolean; NextKeyMarker?: string; NextVersionIdMarker?: string };

describe('erasing a case’s files in a versioned bucket (scripted S3)', () => {
  const caseId = '7b0c8f7e-3a59-4c1e-9d43-0a4f3f0e2b11';
  const files = `cases/${caseId}/files/`;
  const uploads = `uploads/${caseId}/`;

  it('deletes every version and delete marker, following the listing’s markers page by page', async () => {
    const { client, sent } = scriptedClient([
      { prefix: uploads, Versions: [{ Key: `${uploads}u1`, VersionId: 'v1' }], IsTruncated: false },
      { prefix: files, Versions: [{ Key: `${files}a.pdf`, VersionId: 'v2' }, { Key: `${files}a.pdf`, VersionId: 'v1' }], DeleteMarkers: [{ Key: `${files}b.png`, VersionId: 'm1' }], IsTruncated: true, NextKeyMarker: `${files}b.png`, NextVersionIdMarker: 'm1' },
      { prefix: files, Versions: [{ Key: `${files}b.png`, VersionId: 'v0' }], IsTruncated: false },
    ]);

    const deleted = await s3CaseFiles(client, ENV).eraseCaseFiles(caseId);

    expect(deleted).toBe(5);
    const deletes = sent.filter((s) => s.name === 'DeleteObjectsCommand').map((s) => (s.input.Delete as { Objects: unknown[] }).Objects);
    expect(deletes).toEqual([
      [{ Key: `${uploads}u1`, VersionId: 'v1' }],
      [{ Key: `${files}a.pdf`, VersionId: 'v2' }, { Key: `${files}a.pdf`, VersionId: 'v1' }, { Key: `${files}b.png`, VersionId: 'm1' }],
      [{ Key: `${files}b.png`, VersionId: 'v0' }],
    ]);
    const lists = sent.filter((s) => s.name === 'ListObjectVersionsCommand').map((s) => s.input);
    expect(lists).toEqual([
      expect.objectContaining({ Bucket: BUCKET, Prefix: uploads }),
      expect.objectContaining({ Bucket: BUCKET, Prefix: files }),
      expect.objectContaining({ Bucket: BUCKET, Prefix: files, KeyMarker: `${files}b.png`, VersionIdMarker: 'm1' }),
    ]);
  });

  it('a version S3 refuses to delete fails the erasure (so it is rerun) rather than being left readable', async () => {
    const { client } = scriptedClient([{ prefix: uploads, Versions: [{ Key: `${uploads}u1`, VersionId: 'v1' }], IsTruncated: false }], [{ Key: `${uploads}u1`, Code: 'AccessDenied' }]);

    await expect(s3CaseFiles(client, ENV).eraseCaseFiles(caseId)).rejects.toThrow(/could not delete 1 object version\(s\) under uploads\/.*AccessDenied/);
  });
});
