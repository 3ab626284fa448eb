// Helpers for the local runtime's integration tests: the real AWS CLI, and waiting on real (not virtual) time.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCliV2 } from '../support/executables';
import { eventually, sleepReal } from '../support/eventually';

export { eventually, sleepReal };

/** The AWS CLI v2 on PATH (or in $AWS_CLI); a v1 shim earlier on PATH is deliberately not used. */
export const AWS_CLI = awsCliV2();
const cliHome = mkdtempSync(join(tmpdir(), 'redress-awscli-'));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real AWS CLI against a local endpoint with dummy credentials (no profile, no pager). */
export function aws(env: Record<string, string>, endpoint: string, ...args: string[]): Promise<CliResult> {
  if (!AWS_CLI) {
    throw new Error('AWS CLI v2 not found on PATH (or in $AWS_CLI): install it with `apt-get install awscli`, or run `npm test` as root, which installs it (the tests need the real CLI)');
  }
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      [...args, '--endpoint-url', endpoint, '--output', 'json', '--no-cli-pager'],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: cliHome,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_REGION: env.AWS_REGION,
          AWS_DEFAULT_REGION: env.AWS_REGION,
          AWS_CONFIG_FILE: join(cliHome, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(cliHome, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Runs the CLI and parses its JSON output; a non-zero exit fails with the CLI's own message. */
export async function awsJson<T = Record<string, unknown>>(env: Record<string, string>, endpoint: string, ...args: string[]): Promise<T> {
  const r = await aws(env, endpoint, ...args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns once every change written so far has been handled by the change stream and no outbox message is left
 * unsent (the unsent ones are the `OUTBOX` partition of the `byQueueV2` index). Waits on the condition, never a
 * fixed time.
 */
export async function outboxDrained(stack: { streams: { drain(): Promise<void> }; urls: { dynamodb: string }; tables: { tableName: string }[]; env: Record<string, string> }): Promise<void> {
  const { DynamoDBClient, QueryCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await stack.streams.drain();
    await eventually(async () => {
      const out = await client.send(
        new QueryCommand({ TableName: stack.tables[0]!.tableName, IndexName: 'byQueueV2', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': { S: 'OUTBOX' } }, Select: 'COUNT' }),
      );
      return out.Count === 0 ? true : undefined;
    }, 'the outbox to be drained');
  } finally {
    client.destroy();
  }
}
