// The executions journal on its own: what is replayed after a crash, torn tails, compaction, group commit.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../local/stepfunctions/engine';
import { ExecutionJournal, type JournalLine } from '../../local/stepfunctions/journal';

const ARN = 'arn:aws:states:us-east-1:000000000000:execution:Flow:t-1';
const start: JournalLine = { t: 'start', arn: ARN, stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Flow', name: 't-1', input: '{"caseId":"t-1"}', startDate: 1000 };

function fresh(): { dir: string; journal: ExecutionJournal } {
  const dir = mkdtempSync(join(tmpdir(), 'redress-journal-'));
  const { journal, records } = ExecutionJournal.open(dir);
  expect(records).toEqual([]);
  journal.compact(() => []);
  return { dir, journal };
}

/** What a new process would see: the directory opened again, nothing shared with the writer. */
const reopen = (dir: string): ExecutionRecord[] => ExecutionJournal.open(dir).records;

describe('executions journal', () => {
  it('replays every durable change of an execution: start, state entered, wait, callback', async () => {
    // Prepare
    const { dir, journal } = fresh();
    // Act
    journal.append(start);
    journal.append({ t: 'cur', arn: ARN, stateName: 'Await first response', input: { caseId: 't-1' } });
    journal.append({ t: 'park', arn: ARN, parked: { stateName: 'Await first response', token: 'AQtok', deadline: 5000 } });
    journal.append({ t: 'cb', arn: ARN, token: 'AQtok', callback: { ok: true, output: { caseId: 't-1' } } });
    await journal.durable();
    // Assess (no close: a crash leaves the file as it is)
    const [r] = reopen(dir);
    expect(r).toMatchObject({ executionArn: ARN, status: 'RUNNING', current: { stateName: 'Await first response' } });
    expect(r.parked).toEqual({ stateName: 'Await first response', token: 'AQtok', deadline: 5000, callback: { ok: true, output: { caseId: 't-1' } } });
  });

  it('ignores a callback for another token, and forgets the wait once the next task started', async () => {
    const { dir, journal } = fresh();
    journal.append(start);
    journal.append({ t: 'park', arn: ARN, parked: { stateName: 'Wait', token: 'AQnew', deadline: 5000 } });
    journal.append({ t: 'cb', arn: ARN, token: 'AQold', callback: { ok: true } });
    await journal.durable();
    expect(reopen(dir)[0].parked?.callback).toBeUndefined();
    journal.append({ t: 'unpark', arn: ARN });
    await journal.durable();
    expect(reopen(dir)[0].parked).toBeUndefined();
  });

  it('ends an execution with its status and drops what would resume it', async () => {
    const { dir, journal } = fresh();
    journal.append(start);
    journal.append({ t: 'cur', arn: ARN, stateName: 'Acknowledge', input: {} });
    journal.append({ t: 'end', arn: ARN, status: 'FAILED', stopDate: 2000, error: 'Boom', cause: 'x' });
    await journal.durable();
    expect(reopen(dir)[0]).toMatchObject({ status: 'FAILED', stopDate: 2000, error: 'Boom', current: undefined });
  });

  it('drops a torn last line (never acknowledged) and keeps the lines before it', async () => {
    const { dir, journal } = fresh();
    journal.append(start);
    await journal.durable();
    appendFileSync(join(dir, 'journal-1.ndjson'), '{"t":"cur","arn":"');
    const records = reopen(dir);
    expect(records).toHaveLength(1);
    expect(records[0].current).toBeUndefined();
  });

  it('commits the changes of one turn with one fdatasync (group commit)', async () => {
    const { journal } = fresh();
    const before = journal.syncs;
    for (let i = 0; i < 50; i++) journal.append({ ...start, arn: `${ARN}-${i}`, name: `t-${i}` });
    await Promise.all([journal.durable(), journal.durable(), journal.durable()]);
    expect(journal.syncs - before).toBe(1);
  });

  it('compacts into the next snapshot generation, deletes the old journal, and replays nothing twice', async () => {
    // Prepare: a journal with history events
    const { dir, journal } = fresh();
    const records = new Map<string, ExecutionRecord>();
    journal.append(start);
    journal.append({ t: 'ev', arn: ARN, ev: { id: 1, previousEventId: 0, timestamp: 1000, type: 'ExecutionStarted' } });
    await journal.durable();
    for (const r of reopen(dir)) records.set(r.executionArn, r);
    // Act: compact with that state, then journal one more event on top
    journal.compact(() => [...records.values()]);
    journal.append({ t: 'ev', arn: ARN, ev: { id: 2, previousEventId: 1, timestamp: 1001, type: 'TaskStateEntered' } });
    await journal.durable();
    // Assess
    expect(readdirSync(dir).filter((f) => f.startsWith('journal-'))).toEqual(['journal-2.ndjson']);
    expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')).generation).toBe(2);
    expect(reopen(dir)[0].history.map((h) => h.id)).toEqual([1, 2]);
  });

  it('compacts by itself once the journal outgrows its limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-journal-'));
    const { journal } = ExecutionJournal.open(dir, { compactAfterBytes: 1000 });
    const records: ExecutionRecord[] = [];
    journal.compact(() => records);
    for (let i = 0; i < 20; i++) journal.append({ ...start, arn: `${ARN}-${i}`, name: `t-${i}`, input: JSON.stringify({ pad: 'x'.repeat(100) }) });
    await journal.durable();
    expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')).generation).toBe(2);
  });
});
