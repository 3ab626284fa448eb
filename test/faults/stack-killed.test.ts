// The whole local stack killed with SIGKILL under load (nothing in its process gets to save anything), then started
// again on the same data directory, as a crash and restart would. Its DynamoDB Local is stopped by the orphan guard
// (SIGTERM, then SIGKILL), as a database on AWS keeps every write it acknowledged. Every complaint answered 201 before the crash
// must end with a live workflow or flagged to a person, and its customer must get the acknowledgment exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeStackPortsEnv } from '../support/free-ports';
import { formatCensus, takeCensus, type StackEndpoints } from './census';
import { eventually, moveTime, startLoad } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const N = 40;
const dataDir = mkdtempSync(join(tmpdir(), 'redress-faults-crash-'));
const children: ChildProcess[] = [];
const jvms: number[] = [];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of jvms) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Ready {
  api: string;
  endpoints: StackEndpoints;
  jvm: number;
}

/** The same ports for both runs, as `npm start` after a reboot would use. */
const portsEnv = freeStackPortsEnv();

async function startHolder(): Promise<{ child: ChildProcess; ready: Ready; output: () => string }> {
  const env = { ...process.env, REDRESS_DATA_DIR: dataDir, ...(await portsEnv) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/fixtures/hold-stack.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-100_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const line = await eventually(() => /^READY (.*)$/m.exec(out)?.[1], 'the stack in the holder process', 240_000);
  const ready = JSON.parse(line) as Ready;
  jvms.push(ready.jvm);
  return { child, ready, output: () => out };
}

describe('fault: the stack killed', () => {
  it('keeps every accepted complaint driven or flagged, with one acknowledgment each', { timeout: 600_000 }, async () => {
    // Prepare: the stack under a load of complaints.
    const first = await startHolder();
    const load = startLoad(() => first.ready.api, 'crash', N);

    // Act: SIGKILL mid-load, then a restart on the same data.
    await eventually(() => (load.accepted.length >= 15 ? true : undefined), () => `15 accepted complaints; output:\n${first.output().slice(-2000)}`, 60_000);
    first.child.kill('SIGKILL');
    load.stop();
    await load.done;
    await eventually(() => (isAlive(first.ready.jvm) ? undefined : true), 'DynamoDB Local to die with its parent', 15_000);
    const second = await startHolder();
    await moveTime(second.ready.api);

    // Assess
    const census = await takeCensus('stack killed (SIGKILL)', second.ready.endpoints, load.accepted);
    console.log(`[faults] connections cut by the crash ${load.cut}\n${formatCensus([census])}\n${census.problems.join('\n')}`);
    expect(census.problems).toEqual([]);
    expect({ lost: census.lost, staleWait: census.staleWait, duplicateMails: census.duplicateMails, missingMails: census.missingMails }).toEqual({ lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0 });
    expect(census.live + census.flagged).toBe(census.accepted);
    second.child.kill('SIGTERM');
  });
});
