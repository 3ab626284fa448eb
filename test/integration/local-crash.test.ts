// The whole local stack killed with SIGKILL under load (nothing in it gets to save anything), then started
// again on the same data directory: every complaint that was answered 201 still has its case, its execution
// and its acknowledgment mail, and its workflow carries on (a clock jump times its first-response wait out).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, isAlive } from './local-helpers';

const ROOT = resolve(import.meta.dirname, '../..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Ready {
  urls: { api: string; sesStore: string; dynamodb: string; stepfunctions: string; clock: string };
  env: Record<string, string>;
  stateMachineArn: string;
  tableName: string;
  jvm: number;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

const children: ChildProcess[] = [];
const jvms: number[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'redress-crash-'));

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of jvms) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startHolder(): Promise<{ child: ChildProcess; ready: Ready; output: () => string }> {
  const env = {
    ...process.env,
    REDRESS_DATA_DIR: dataDir,
    REDRESS_API_PORT: String(await freePort()),
    REDRESS_DYNAMODB_PORT: String(await freePort()),
    REDRESS_SES_PORT: String(await freePort()),
    REDRESS_SFN_PORT: String(await freePort()),
    REDRESS_PAYMENTS_PORT: String(await freePort()),
    REDRESS_S3_PORT: String(await freePort()),
    REDRESS_SMTP_PORT: String(await freePort()),
    REDRESS_EVENTS_PORT: String(await freePort()),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/run-real-stack.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-200_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const line = await eventually(() => /^READY (.*)$/m.exec(out)?.[1], 'the stack in the holder process', 120_000);
  const ready = JSON.parse(line) as Ready;
  jvms.push(ready.jvm);
  return { child, ready, output: () => out };
}

const complaint = (n: number) => ({
  customer: { name: `Crash Customer ${n}`, email: `crash-${n}@example.com` },
  category: 'general_inquiry',
  subject: `Crash test complaint ${n}`,
  description: 'I finished the course last week and have not received the certificate yet.',
});

interface Created {
  id: string;
  caseNumber: string;
}

describe('local stack killed with SIGKILL under load', () => {
  it('keeps every accepted complaint: case, execution, mail, and a workflow that resumes', { timeout: 400_000 }, async () => {
    // Prepare: the stack under a steady load of complaints from a few concurrent clients.
    const t0 = performance.now();
    const first = await startHolder();
    console.log(`[crash] first start ${Math.round(performance.now() - t0)} ms`);
    const accepted: Created[] = [];
    let refused = 0;
    let cut = 0;
    let stop = false;
    let n = 0;
    const client = async () => {
      while (!stop) {
        const i = n++;
        try {
          const res = await fetch(`${first.ready.urls.api}/complaints`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `crash-${i}` },
            body: JSON.stringify(complaint(i)),
          });
          if (res.status === 201) accepted.push((await res.json()) as Created);
          else refused++;
        } catch {
          cut++; // the connection died with the stack: not accepted
        }
      }
    };
    const load = Promise.all([client(), client(), client(), client()]);

    // Act: kill it while requests and workflows are in flight.
    await eventually(() => (accepted.length >= 12 ? true : undefined), `12 accepted complaints; output:\n${first.output().slice(-3000)}`, 120_000);
    first.child.kill('SIGKILL');
    stop = true;
    await load;
    // The JVM goes with it (the orphan guard), so the port and the database files are free again.
    await eventually(() => (isAlive(first.ready.jvm) ? undefined : true), 'DynamoDB Local to die with its parent', 10_000);
    expect(refused).toBe(0);

    const t1 = performance.now();
    const second = await startHolder();
    console.log(`[crash] load ${Math.round(t1 - t0)} ms, restart ${Math.round(performance.now() - t1)} ms`);
    const { urls } = second.ready;
    const sfn = new SFNClient({ endpoint: urls.stepfunctions, region: second.ready.env.AWS_REGION, credentials });
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: urls.dynamodb, region: second.ready.env.AWS_REGION, credentials }));
    const executionArn = (id: string) => `${second.ready.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;

    // Assess: every accepted complaint has its case and its execution, none failed or aborted by the restart. The
    // change stream starts executions: one whose record was not yet handled at the kill is started after the restart.
    for (const c of accepted) {
      const theCase = await db.send(new GetCommand({ TableName: second.ready.tableName, Key: { pk: `CASE#${c.id}`, sk: 'CASE' } }));
      expect(theCase.Item, `theCase ${c.caseNumber}`).toBeDefined();
      const e = await eventually(() => sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(c.id) })), `the execution of ${c.caseNumber}`, 60_000);
      expect(e.status, `execution of ${c.caseNumber}: ${e.error ?? ''} ${e.cause ?? ''}`).toBe('RUNNING');
    }
    // A message the killed process had claimed is sent again once its claim's lease (2 min) has run out, by the
    // outbox sweep (every minute): move the virtual clock past both. Nothing else is due that soon.
    const past = await fetch(urls.clock, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT4M' }) });
    expect(past.status).toBe(200);
    // Each acknowledgment arrives (before the crash, kept by the catcher, or after the restart).
    const mail = await eventually(async () => {
      const { emails } = (await (await fetch(urls.sesStore)).json()) as { emails: { subject: string; body?: { text?: string } }[] };
      const text = emails.map((m) => `${m.subject} ${m.body?.text ?? ''}`);
      return accepted.every((c) => text.some((t) => t.includes(c.caseNumber))) ? text : undefined;
    }, 'an acknowledgment for every accepted complaint', 60_000);
    const duplicates = accepted.filter((c) => mail.filter((t) => t.includes(c.caseNumber)).length > 1).length;

    // The workflows carry on: a jump past the policy's 24-hour first-response deadline times every wait out.
    const restartedAt = performance.now();
    const jump = await fetch(urls.clock, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: '25h' }) });
    const jumpMs = performance.now() - restartedAt;
    expect(jump.status).toBe(200);
    for (const c of accepted) {
      const history = await eventually(async () => {
        const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(c.id), maxResults: 1000 }));
        return h.events?.some((ev) => ev.type === 'TaskTimedOut') ? h.events : undefined;
      }, `the first-response wait of ${c.caseNumber} to time out`, 60_000);
      expect(history.length).toBeGreaterThan(3);
      const e = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(c.id) }));
      expect(['RUNNING', 'SUCCEEDED'], `${c.caseNumber}: ${e.error ?? ''}`).toContain(e.status);
    }
    console.log(`[crash] accepted ${accepted.length}, connections cut ${cut}, all ${accepted.length} resumed; ${duplicates} with more than one mail naming the case before the clock jump (a task re-run after the crash mails again: at-least-once); 25 h jump ${Math.round(jumpMs)} ms`);
    sfn.destroy();
    db.destroy();
    second.child.kill('SIGTERM');
  });
});
