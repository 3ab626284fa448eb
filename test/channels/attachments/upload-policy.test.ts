import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { presignUpload, uploadPolicy } from '../../../functions/channels/attachments/upload-policy';

const caseId = '3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69';
const uploadId = '0b6f2c1e-9d8a-4f3b-a2c1-7e6d5c4b3a29';

describe('uploadPolicy', () => {
  it('pins the key under uploads/<case>/<upload>, the size range, the encryption and a short expiry', () => {
    // Act
    const policy = uploadPolicy({ bucket: 'files', caseId, uploadId, maxBytes: 10_485_760 });

    // Assess
    expect(policy.Key).toBe(`uploads/${caseId}/${uploadId}`);
    expect(policy.Expires).toBe(300);
    expect(policy.Fields).toEqual({ 'x-amz-server-side-encryption': 'AES256' });
    expect(policy.Conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 10_485_760],
        ['eq', '$key', `uploads/${caseId}/${uploadId}`],
        ['eq', '$x-amz-server-side-encryption', 'AES256'],
      ]),
    );
  });

  it('with a KMS key, requires SSE-KMS under that key', () => {
    // Act
    const policy = uploadPolicy({ bucket: 'files', caseId, uploadId, maxBytes: 1000, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abc' });

    // Assess
    expect(policy.Conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$x-amz-server-side-encryption', 'aws:kms'],
        ['eq', '$x-amz-server-side-encryption-aws-kms-key-id', 'arn:aws:kms:eu-west-1:123456789012:key/abc'],
      ]),
    );
  });

  it('refuses ids that could steer the key elsewhere', () => {
    // Act / Assess
    expect(() => uploadPolicy({ bucket: 'files', caseId: '../other', uploadId, maxBytes: 1 })).toThrow();
    expect(() => uploadPolicy({ bucket: 'files', caseId, uploadId: 'x/../../y', maxBytes: 1 })).toThrow();
  });

  it('signed offline by the SDK: the form carries the policy S3 will enforce', async () => {
    // Prepare
    const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'local-test-secret' } });

    // Act
    const post = await presignUpload(client, { bucket: 'redress-files', caseId, uploadId, maxBytes: 2048, expiresInSeconds: 120 });

    // Assess
    expect(post.url).toContain('redress-files');
    expect(post.fields.key).toBe(`uploads/${caseId}/${uploadId}`);
    const policy = JSON.parse(Buffer.from(post.fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toEqual(expect.arrayContaining([['content-length-range', 1, 2048], { bucket: 'redress-files' }, ['eq', '$key', `uploads/${caseId}/${uploadId}`]]));
    expect(post.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });
});
