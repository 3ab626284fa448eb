// DynamoDB down under load: DynamoDB Local's JVM is stopped while complaints arrive and workflows run, stays down
// a few seconds, and comes back on the same port and data. Stopped with SIGTERM, not SIGKILL: the emulator answers
// a write before it is on disk and a SIGKILL loses the last write it acknowledged (see orphanGuard in
// local/dynamodb.ts), which DynamoDB on AWS never does; what is under test is Redress with its database gone. Intake answers 5xx meanwhile (not accepted);
// every complaint that was accepted must end with a live workflow or flagged to a person, its mail sent once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb, type DynamoDbLocal } from '../../local/dynamodb';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { formatCensus, takeCensus } from './census';
import { endpointsOf, eventually, moveTime, sleepReal, startLoad } from './harness';

const N = 40;
const DOWN_MS = 5_000;
const dataDir = mkdtempSync(join(tmpdir(), 'redress-faults-dynamodb-'));
let stack: LocalStack;
let revived: DynamoDbLocal | undefined;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, dataDir, fresh: true, log: () => undefined });
}, 240_000);
afterAll(async () => {
  await stack?.stop();
  await revived?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fault: DynamoDB down', () => {
  it('leaves no accepted complaint without a live workflow or a person who knows', { timeout: 400_000 }, async () => {
    // Prepare: a steady load.
    const load = startLoad(() => stack.urls.api, 'ddb', N, 3);
    await eventually(() => (load.accepted.length >= 12 ? true : undefined), '12 accepted complaints', 60_000);

    // Act: the JVM goes away mid-load and comes back after DOWN_MS with the same files.
    process.kill(stack.pids.dynamodb, 'SIGTERM');
    await sleepReal(DOWN_MS);
    revived = await startDynamoDb({ port: stack.ports.dynamodb, dataDir: join(dataDir, 'dynamodb'), sleep: sleepReal });
    await load.done;
    await eventually(() => (stack.engine.busy() === 0 ? true : undefined), 'the workflows to settle', 60_000);
    await moveTime(stack.urls.api);

    // Assess
    const census = await takeCensus('DynamoDB down 5 s', endpointsOf(stack), load.accepted);
    console.log(`[faults] refused while down ${load.refused}\n${formatCensus([census])}\n${census.problems.join('\n')}`);
    expect(load.refused).toBeGreaterThan(0);
    expect(census.problems).toEqual([]);
    expect({ lost: census.lost, staleWait: census.staleWait, duplicateMails: census.duplicateMails, missingMails: census.missingMails }).toEqual({ lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0 });
    expect(census.live + census.flagged).toBe(census.accepted);
  });
});
