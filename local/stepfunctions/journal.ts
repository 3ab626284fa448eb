// Durable executions for the local Step Functions service: an append-only journal (one JSON line per change,
// group-committed with fdatasync) on top of a snapshot, replayed at start and compacted now and then.
//
// Files in the directory:
//   snapshot.json          { generation, executions: ExecutionRecord[] }   written to a temp file, fsync'd, renamed
//   journal-<gen>.ndjson   the changes since snapshot <gen>, one line each
// A snapshot of generation g+1 already holds everything journal-g said, so journal-g is ignored after it and
// deleted; a crash between the rename and the deletion therefore never replays a change twice.
// A torn last line (the process died mid-write, before the fsync, so nobody was told it was done) is dropped.
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '../../functions/domain/zod';
import type { ExecutionRecord } from './engine';

const ExecutionStatus = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
const Parked = z.object({
  stateName: z.string(),
  token: z.string(),
  deadline: z.number(),
  /** the callback that completed the wait, once one did (acknowledged to its caller, so it must be honoured) */
  callback: z.optional(z.object({ ok: z.boolean(), output: z.optional(z.json()), error: z.optional(z.string()), cause: z.optional(z.string()) })),
});
const HistoryEvent = z.looseObject({ id: z.number(), previousEventId: z.number(), timestamp: z.number(), type: z.string() });

const Record_ = z.looseObject({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  name: z.string(),
  input: z.string(),
  status: ExecutionStatus,
  startDate: z.number(),
  stopDate: z.optional(z.number()),
  output: z.optional(z.string()),
  error: z.optional(z.string()),
  cause: z.optional(z.string()),
  history: z.array(HistoryEvent),
  current: z.optional(z.object({ stateName: z.string(), input: z.json() })),
  parked: z.optional(Parked),
});

const Snapshot = z.object({ generation: z.number().check(z.int(), z.gte(0)), executions: z.array(Record_) });

/** One change, as journaled. */
export const JournalLine = z.discriminatedUnion('t', [
  z.object({ t: z.literal('start'), arn: z.string(), stateMachineArn: z.string(), name: z.string(), input: z.string(), startDate: z.number() }),
  z.object({ t: z.literal('ev'), arn: z.string(), ev: HistoryEvent }),
  z.object({ t: z.literal('cur'), arn: z.string(), stateName: z.string(), input: z.json() }),
  z.object({ t: z.literal('park'), arn: z.string(), parked: Parked }),
  z.object({ t: z.literal('unpark'), arn: z.string() }),
  z.object({ t: z.literal('cb'), arn: z.string(), token: z.string(), callback: Parked.shape.callback.def.innerType }),
  z.object({
    t: z.literal('end'),
    arn: z.string(),
    status: ExecutionStatus,
    stopDate: z.number(),
    output: z.optional(z.string()),
    error: z.optional(z.string()),
    cause: z.optional(z.string()),
  }),
]);
export type JournalLine = z.infer<typeof JournalLine>;

/** Applies one change to the records (replay, and the in-memory model of what is on disk). */
export function applyLine(records: Map<string, ExecutionRecord>, line: JournalLine): void {
  if (line.t === 'start') {
    records.set(line.arn, { executionArn: line.arn, stateMachineArn: line.stateMachineArn, name: line.name, input: line.input, status: 'RUNNING', startDate: line.startDate, history: [] });
    return;
  }
  const r = records.get(line.arn);
  if (!r) return;
  switch (line.t) {
    case 'ev':
      r.history.push(line.ev);
      break;
    case 'cur':
      r.current = { stateName: line.stateName, input: line.input };
      break;
    case 'park':
      r.parked = line.parked;
      break;
    case 'unpark':
      r.parked = undefined;
      break;
    case 'cb':
      if (r.parked?.token === line.token) r.parked = { ...r.parked, callback: line.callback };
      break;
    case 'end':
      Object.assign(r, { status: line.status, stopDate: line.stopDate, output: line.output, error: line.error, cause: line.cause, current: undefined, parked: undefined });
      break;
  }
}

export interface JournalOptions {
  /** Compact when the journal has grown past this many bytes (and past the last snapshot's size). */
  compactAfterBytes?: number;
  log?: (line: string) => void;
  /** setImmediate from before any fake timers (it is not faked, but be explicit) */
  defer?: (fn: () => void) => void;
}

/**
 * The journal of one data directory. `append` buffers a change; `durable()` resolves once every change appended
 * so far, and any appended in the same turn of the event loop, is on disk (one write and one fdatasync for the
 * whole batch: group commit). Callers acknowledge an operation, or start a side effect, only after `durable()`.
 */
export class ExecutionJournal {
  private fd: number | undefined;
  private generation = 0;
  private buffer: string[] = [];
  private waiters: (() => void)[] = [];
  private scheduled = false;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private closed = false;
  /** fdatasync calls so far (how well commits are grouped) */
  syncs = 0;
  private snapshotSource: (() => ExecutionRecord[]) | undefined;

  private constructor(
    private readonly dir: string,
    private readonly options: JournalOptions,
  ) {}

  /** Opens the directory and replays it: the executions as they were after the last acknowledged change. */
  static open(dir: string, options: JournalOptions = {}): { journal: ExecutionJournal; records: ExecutionRecord[] } {
    mkdirSync(dir, { recursive: true });
    const journal = new ExecutionJournal(dir, options);
    const records = journal.replay();
    return { journal, records };
  }

  private journalFile(generation: number): string {
    return join(this.dir, `journal-${generation}.ndjson`);
  }

  private replay(): ExecutionRecord[] {
    const log = this.options.log ?? (() => undefined);
    const records = new Map<string, ExecutionRecord>();
    const snapshotFile = join(this.dir, 'snapshot.json');
    if (existsSync(snapshotFile)) {
      const text = readFileSync(snapshotFile, 'utf8');
      let parsed: z.util.SafeParseResult<z.infer<typeof Snapshot>>;
      try {
        parsed = Snapshot.safeParse(JSON.parse(text));
      } catch (err) {
        throw new Error(`${snapshotFile} is not JSON (${(err as Error).message}); move it away or start with --fresh`);
      }
      if (!parsed.success) throw new Error(`${snapshotFile} is not a snapshot: ${parsed.error.issues[0]?.message}; move it away or start with --fresh`);
      this.generation = parsed.data.generation;
      this.snapshotBytes = text.length;
      for (const r of parsed.data.executions) records.set(r.executionArn, r as ExecutionRecord);
    }
    const file = this.journalFile(this.generation);
    if (existsSync(file)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      // The last element is '' after a complete last line, or a torn line that was never acknowledged.
      const tail = lines.pop();
      if (tail) log(`[stepfunctions] dropped a torn last journal line (${tail.length} bytes): it was never acknowledged`);
      lines.forEach((text, i) => {
        let parsed: z.util.SafeParseResult<JournalLine>;
        try {
          parsed = JournalLine.safeParse(JSON.parse(text));
        } catch {
          parsed = { success: false } as z.util.SafeParseResult<JournalLine>;
        }
        if (parsed.success) applyLine(records, parsed.data);
        else log(`[stepfunctions] warning: skipped unreadable journal line ${i + 1} of ${file}`);
      });
    }
    return [...records.values()];
  }

  /**
   * Writes a snapshot of `records` as the next generation and starts its empty journal. Called at start (after
   * the engine restored the records) and whenever the journal has grown large; `source` is remembered for the
   * automatic compactions.
   */
  compact(source: () => ExecutionRecord[]): void {
    if (this.closed) return;
    this.snapshotSource = source;
    // Whatever is buffered is part of the state being snapshotted: it needs no journal line any more.
    this.buffer = [];
    const next = this.generation + 1;
    const text = JSON.stringify({ generation: next, executions: source() });
    const tmp = join(this.dir, 'snapshot.json.tmp');
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, 'snapshot.json'));
    this.syncDirectory();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(this.journalFile(next), 'a');
    this.generation = next;
    this.journalBytes = 0;
    this.snapshotBytes = text.length;
    for (const f of readdirSync(this.dir)) {
      const m = /^journal-(\d+)\.ndjson$/.exec(f);
      if (m && Number(m[1]) < next) rmSync(join(this.dir, f), { force: true });
    }
    this.release();
  }

  /** The rename must survive a crash too: fsync the directory entry. */
  private syncDirectory(): void {
    try {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      /* some file systems cannot fsync a directory; the rename is still atomic */
    }
  }

  append(line: JournalLine): void {
    if (this.closed) return;
    this.buffer.push(`${JSON.stringify(line)}\n`);
    this.schedule();
  }

  /** Resolves when every change appended so far (and in this turn of the event loop) is on disk. */
  durable(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A macrotask later: every promise continuation of this turn (the history consumer included) has run, so
    // the changes that led to the operation being acknowledged are all in the batch.
    (this.options.defer ?? setImmediate)(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed) return this.release();
    if (this.buffer.length && this.fd !== undefined) {
      const data = this.buffer.join('');
      this.buffer = [];
      writeSync(this.fd, data);
      fdatasyncSync(this.fd);
      this.syncs++;
      this.journalBytes += Buffer.byteLength(data);
    }
    this.release();
    const limit = Math.max(this.options.compactAfterBytes ?? 16 * 1024 * 1024, this.snapshotBytes);
    if (this.journalBytes > limit && this.snapshotSource) this.compact(this.snapshotSource);
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Flushes what is buffered and stops recording (shutdown: the aborts that follow are not the executions' fate). */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.release();
  }
}
