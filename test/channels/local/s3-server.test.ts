import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignUpload } from '../../../functions/channels/attachments/upload-policy';
import { startLocalS3, type LocalS3 } from '../../../local/s3-server';
import { aws, awsJson } from '../../integration/local-helpers';

const CASE_ID = '7c0c2f4e-9a51-4c1e-8d7e-2b1f6a3c9d10';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n')]);

/** The local S3 server, driven by the AWS SDK, the AWS CLI v2 and a browser-style multipart POST. */
describe('local S3 server', () => {
  let dir: string;
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-s3-'));
    s3 = await startLocalS3({ port: 0, root: dir, buckets: ['files-bucket'] });
    client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (presigned: { url: string; fields: Record<string, string> }, bytes: Buffer, fieldsOver: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...presigned.fields, 'Content-Type': 'application/pdf', ...fieldsOver })) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)]), 'receipt.pdf');
    return fetch(presigned.url, { method: 'POST', body: form });
  };

  it('the SDK puts, lists and gets; the AWS CLI lists the same objects', async () => {
    // Act
    await client.send(new PutObjectCommand({ Bucket: 'files-bucket', Key: 'cases/a/files/one.pdf', Body: PDF }));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'files-bucket', Prefix: 'cases/' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'files-bucket', Key: 'cases/a/files/one.pdf' }));
    const cli = await aws({ AWS_REGION: 'us-east-1' }, s3.url, 's3', 'ls', 's3://files-bucket/cases/', '--recursive');
    const buckets = await aws({ AWS_REGION: 'us-east-1' }, s3.url, 's3', 'ls');

    // Assess
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['cases/a/files/one.pdf']);
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(PDF)).toBe(true);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`${PDF.length} cases/a/files/one.pdf`));
    expect(buckets.stdout).toContain('files-bucket');
  });

  it('a presigned POST within its policy is stored under the key the policy fixed', async () => {
    // Prepare
    const presigned = await presignUpload(client, { bucket: 'files-bucket', caseId: CASE_ID, uploadId: 'upload-0001', maxBytes: 1024 });

    // Act
    const response = await post(presigned, PDF);

    // Assess
    expect(response.status).toBe(204);
    expect(Buffer.from((await s3.bucket('files-bucket').get(`uploads/${CASE_ID}/upload-0001`))!).equals(PDF)).toBe(true);
  });

  it('an oversized upload, a changed key and a forged signature are refused and store nothing', async () => {
    // Prepare
    const presigned = await presignUpload(client, { bucket: 'files-bucket', caseId: CASE_ID, uploadId: 'upload-0002', maxBytes: 100 });

    // Act
    const tooLarge = await post(presigned, PDF);
    const otherKey = await post(presigned, Buffer.from('%PDF-1.4 tiny'), { key: `uploads/${CASE_ID}/chosen-by-me` });
    const forged = await post(presigned, Buffer.from('%PDF-1.4 tiny'), { 'X-Amz-Signature': '0'.repeat(64) });

    // Assess
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toContain('EntityTooLarge');
    expect(otherKey.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(await s3.bucket('files-bucket').list(`uploads/${CASE_ID}/`)).not.toContain(`uploads/${CASE_ID}/upload-0002`);
    expect(await s3.bucket('files-bucket').list(`uploads/${CASE_ID}/chosen-by-me`)).toEqual([]);
  });

  it('keeps the Content-Type given at upload (the CLI\'s PUT header, the POST form field) and serves it with the Content-Length', async () => {
    // Prepare
    const csv = join(dir, 'totals.csv');
    writeFileSync(csv, 'period,cases\n2026-12-01,4\n');
    const presigned = await presignUpload(client, { bucket: 'files-bucket', caseId: CASE_ID, uploadId: 'upload-typed', maxBytes: 1024 });

    // Act: the real AWS CLI puts with a type and reads it back; a browser-style POST says application/pdf.
    const put = await aws({ AWS_REGION: 'us-east-1' }, s3.url, 's3api', 'put-object', '--bucket', 'files-bucket', '--key', 'reports/day/totals.csv', '--body', csv, '--content-type', 'text/csv; charset=utf-8');
    const head = await awsJson<{ ContentType: string; ContentLength: number }>({ AWS_REGION: 'us-east-1' }, s3.url, 's3api', 'head-object', '--bucket', 'files-bucket', '--key', 'reports/day/totals.csv');
    const got = await fetch(`${s3.url}/files-bucket/reports/day/totals.csv`);
    const posted = await post(presigned, PDF);
    const postedHead = await client.send(new HeadObjectCommand({ Bucket: 'files-bucket', Key: `uploads/${CASE_ID}/upload-typed` }));
    const untyped = await fetch(`${s3.url}/files-bucket/raw/blob`, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
    const untypedGet = await fetch(`${s3.url}/files-bucket/raw/blob`);
    const overridden = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'files-bucket', Key: 'reports/day/totals.csv', ResponseContentType: 'text/plain' }), { expiresIn: 60 });

    // Assess
    expect(put.code, put.stderr).toBe(0);
    expect(head).toMatchObject({ ContentType: 'text/csv; charset=utf-8', ContentLength: 26 });
    expect(got.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(got.headers.get('content-length')).toBe('26');
    expect(await got.text()).toBe('period,cases\n2026-12-01,4\n');
    expect(posted.status).toBe(204);
    expect(postedHead).toMatchObject({ ContentType: 'application/pdf', ContentLength: PDF.length });
    expect(untyped.status).toBe(200);
    expect(untypedGet.headers.get('content-type')).toBe('binary/octet-stream');
    expect((await fetch(overridden)).headers.get('content-type')).toBe('text/plain');
    // The metadata is no object: listing the bucket shows the objects only.
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'files-bucket', Prefix: 'reports/' }))).Contents?.map((o) => o.Key)).toEqual(['reports/day/totals.csv']);
  });

  it('a presigned GET works until it expires', async () => {
    // Prepare
    await s3.bucket('files-bucket').put('cases/b/files/x', PDF);
    const fresh = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'files-bucket', Key: 'cases/b/files/x' }), { expiresIn: 60 });
    const old = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'files-bucket', Key: 'cases/b/files/x' }), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });

    // Act
    const ok = await fetch(fresh);
    const expired = await fetch(old);

    // Assess
    expect(ok.status).toBe(200);
    expect(expired.status).toBe(403);
  });
});
