import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../local/s3-server';

/**
 * One bucket on the local S3 server (local/s3-server.ts) in a temporary folder, for the tests of the adapters the
 * Lambdas use on S3: started before the file's tests, stopped and removed after them; `client` is there once they
 * start.
 */
export function localS3Bucket(bucket: string) {
  let dir: string | undefined;
  let s3: LocalS3 | undefined;
  let client: S3Client | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `redress-${bucket}-`));
    s3 = await startLocalS3({ port: 0, root: dir, buckets: [bucket] });
    client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const started = () => {
    if (!client) throw new Error('the local S3 server is not started yet (use the bucket inside a test)');
    return client;
  };
  return {
    get client() {
      return started();
    },
    /** The keys of the bucket's objects under `prefix`, sorted. */
    keysIn: async (prefix = '') => ((await started().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!).sort(),
  };
}

export type SentToS3 = { name: string; input: Record<string, unknown> };

/** An S3 client answering from a script (what the local server cannot show: versions, refused deletes), recording what it is sent. */
export function scriptedS3(answer: (command: object, input: Record<string, unknown>) => unknown) {
  const sent: SentToS3[] = [];
  const client = {
    async send(command: object) {
      const input = (command as { input: Record<string, unknown> }).input;
      sent.push({ name: command.constructor.name, input });
      return answer(command, input);
    },
  } as unknown as S3Client;
  return { client, sent };
}
