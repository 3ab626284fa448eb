// The DynamoDB stream → Lambda event source mappings of the template, as Lambda runs them, on DynamoDB Local's
// own Streams API: each shard read in order (a child shard after its parent), records in batches of the mapping's
// size, the mapping's filter patterns applied, the handler invoked with the event Lambda sends, a partial batch
// response honoured (retry from the first failed record), a failing batch retried (bisected when the mapping says
// so) up to its retry limit, after which the records are logged as dropped (AWS sends them to the dead-letter
// queue). The position in each shard is kept in <dataDir>/streams/<mapping>.json, written after every batch, so a
// restart resumes where the last run stopped: at-least-once, as on AWS (the handlers are idempotent).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import * as z from '../functions/domain/zod';
import { invoke, type LoadedFunction } from './lambda-runtime';
import type { LocalStreamMapping, LocalTable } from './template';

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  mappings: LocalStreamMapping[];
  tables: LocalTable[];
  functions: Map<string, LoadedFunction>;
  /** Where shard positions are kept; none: from the start of the stream on every run (in-memory tables). */
  dataDir?: string;
  /** A real-time delay (the virtual clock must not drive polling). */
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  /** Real ms between polls when nothing arrived. */
  idleMs?: number;
}

export interface StreamPollers {
  /** Reads every shard until no record is left, handling what it finds (a clock jump starts after this). */
  drain(): Promise<void>;
  /** Records read and not yet handled (the virtual clock waits for 0). */
  busy(): number;
  /**
   * Per function entry, the records its mapping's filters passed and the invocations that carried them, since the
   * stack started (the cost bench prices the change stream's invocations; a filtered-out record invokes nothing).
   */
  delivered(): Record<string, StreamDelivery>;
  stop(): Promise<void>;
}

const CheckpointSchema = z.object({ streamArn: z.string(), shards: z.record(z.string(), z.object({ seq: z.optional(z.string()), done: z.optional(z.boolean()) })) });
type Checkpoint = z.infer<typeof CheckpointSchema>;

/** Lambda's event filtering on a record (the subset the templates use): literal values, `prefix`, `exists`. */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) => {
      if (rule !== null && typeof rule === 'object') {
        const r = rule as Record<string, unknown>;
        if (typeof r.prefix === 'string') return typeof value === 'string' && value.startsWith(r.prefix);
        if (typeof r.exists === 'boolean') return (value !== undefined) === r.exists;
        throw new Error(`unsupported filter rule ${JSON.stringify(rule)}`);
      }
      return value === rule;
    });
  }
  if (pattern !== null && typeof pattern === 'object') {
    const v = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    return Object.entries(pattern).every(([k, p]) => matchesPattern(p, v[k]));
  }
  throw new Error(`unsupported filter pattern ${JSON.stringify(pattern)}`);
}

export interface StreamDelivery {
  records: number;
  invocations: number;
}

type Image = NonNullable<NonNullable<StreamRecord['dynamodb']>['NewImage']>;

/**
 * DynamoDB Local writes an empty map attribute to its stream images as `{}` instead of `{ "M": {} }` (an empty
 * list comes out right); DynamoDB writes `{ "M": {} }`, so the images are repaired to what Lambda would get.
 */
export function repairEmptyMaps(image: Image): Image {
  const fix = (v: Record<string, unknown>): Record<string, unknown> => {
    if (Object.keys(v).length === 0) return { M: {} };
    if (v.M && typeof v.M === 'object') return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, fix(x as Record<string, unknown>)])) };
    if (Array.isArray(v.L)) return { L: v.L.map((x) => fix(x as Record<string, unknown>)) };
    return v;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, fix(v as unknown as Record<string, unknown>)])) as unknown as Image;
}

/** A stream record as Lambda hands it to a function (DynamoDB event, version 1.1). */
function lambdaRecord(r: StreamRecord, streamArn: string, region: string) {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      Keys: d.Keys,
      ...(d.NewImage ? { NewImage: repairEmptyMaps(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: repairEmptyMaps(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    eventSourceARN: streamArn,
  };
}
type LambdaStreamRecord = ReturnType<typeof lambdaRecord>;

const BatchResponseSchema = z.object({ batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })) });

class MappingPoller {
  private streamArn?: string;
  private checkpoint: Checkpoint = { streamArn: '', shards: {} };
  private readonly iterators = new Map<string, string>();
  private shards: Shard[] = [];
  pending = 0;
  readonly delivery: StreamDelivery = { records: 0, invocations: 0 };

  constructor(
    private readonly mapping: LocalStreamMapping,
    private readonly tableName: string,
    private readonly fn: LoadedFunction,
    private readonly streams: DynamoDBStreamsClient,
    private readonly db: DynamoDBClient,
    private readonly options: StreamPollerOptions,
  ) {}

  /** The function's source (`redress:entry`), naming it in {@link StreamPollers.delivered}. */
  get entry(): string {
    return this.fn.entry;
  }

  private get file(): string | undefined {
    return this.options.dataDir && join(this.options.dataDir, `${this.mapping.logicalId}.json`);
  }

  async open(): Promise<void> {
    const table = await this.db.send(new DescribeTableCommand({ TableName: this.tableName }));
    this.streamArn = table.Table?.LatestStreamArn;
    if (!this.streamArn) throw new Error(`table ${this.tableName} has no stream for ${this.mapping.logicalId}`);
    const file = this.file;
    if (file && existsSync(file)) {
      const saved = CheckpointSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      // A table created again (npm start -- --fresh) has a new stream: the old positions mean nothing there.
      if (saved.success && saved.data.streamArn === this.streamArn) this.checkpoint = saved.data;
    }
    this.checkpoint.streamArn = this.streamArn;
  }

  private save(): void {
    const file = this.file;
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.checkpoint));
    renameSync(`${file}.tmp`, file);
  }

  private async refreshShards(): Promise<void> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }));
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    this.shards = shards;
  }

  private async iteratorFor(shardId: string): Promise<string | undefined> {
    const known = this.iterators.get(shardId);
    if (known) return known;
    const seq = this.checkpoint.shards[shardId]?.seq;
    const out = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ...(seq ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seq } : { ShardIteratorType: this.mapping.startingPosition }),
      }),
    );
    if (out.ShardIterator) this.iterators.set(shardId, out.ShardIterator);
    return out.ShardIterator;
  }

  /** One pass over the readable shards; answers how many records it read. */
  async poll(): Promise<number> {
    await this.refreshShards();
    let read = 0;
    for (const shard of this.shards) {
      const id = shard.ShardId!;
      if (this.checkpoint.shards[id]?.done) continue;
      // In order: a child shard is read only after its parent is finished.
      const parent = shard.ParentShardId;
      if (parent && this.shards.some((s) => s.ShardId === parent) && !this.checkpoint.shards[parent]?.done) continue;
      read += await this.readShard(id);
    }
    return read;
  }

  private async readShard(shardId: string): Promise<number> {
    const iterator = await this.iteratorFor(shardId);
    if (!iterator) return 0;
    let records: StreamRecord[];
    let next: string | undefined;
    try {
      const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records = out.Records ?? [];
      next = out.NextShardIterator;
    } catch (e) {
      if (e instanceof ExpiredIteratorException || e instanceof TrimmedDataAccessException) {
        this.iterators.delete(shardId);
        if (e instanceof TrimmedDataAccessException) delete this.checkpoint.shards[shardId]?.seq;
        return 0;
      }
      throw e;
    }
    this.pending += records.length;
    try {
      for (let i = 0; i < records.length; i += this.mapping.batchSize) {
        const batch = records.slice(i, i + this.mapping.batchSize);
        await this.deliver(batch.map((r) => lambdaRecord(r, this.streamArn!, this.options.region)));
        this.checkpoint.shards[shardId] = { seq: batch.at(-1)!.dynamodb!.SequenceNumber! };
        this.save();
        this.pending -= batch.length;
      }
    } finally {
      this.pending = 0;
    }
    if (next) this.iterators.set(shardId, next);
    else {
      // The shard is closed and read to its end.
      this.iterators.delete(shardId);
      this.checkpoint.shards[shardId] = { ...this.checkpoint.shards[shardId], done: true };
      this.save();
    }
    return records.length;
  }

  /** Invokes the function with the records the filters pass, with Lambda's retries, partial responses and bisection. */
  private async deliver(batch: LambdaStreamRecord[]): Promise<void> {
    const passed = this.mapping.filters.length ? batch.filter((r) => this.mapping.filters.some((p) => matchesPattern(p, r))) : batch;
    if (!passed.length) return;
    this.delivery.records += passed.length;
    await this.invokeWithRetries(passed, 0);
  }

  private async invokeWithRetries(records: LambdaStreamRecord[], retriesSoFar: number): Promise<void> {
    let pending = records;
    let retries = retriesSoFar;
    for (;;) {
      let failedFrom: number;
      try {
        this.delivery.invocations += 1;
        const out = await invoke(this.fn, { Records: pending });
        const response = this.mapping.reportBatchItemFailures ? BatchResponseSchema.safeParse(out) : undefined;
        const failures = response?.success ? response.data.batchItemFailures : [];
        if (!failures.length) return;
        const indexes = failures.map((f) => pending.findIndex((r) => r.dynamodb.SequenceNumber === f.itemIdentifier));
        // An identifier that names no record of the batch fails the whole batch, as on AWS.
        failedFrom = indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
      } catch (e) {
        this.options.log(`[local] stream ${this.mapping.logicalId} -> ${this.fn.entry} failed: ${(e as Error).name}: ${(e as { errorMessage?: string }).errorMessage ?? (e as Error).message}`);
        failedFrom = 0;
      }
      pending = pending.slice(failedFrom);
      retries++;
      const limit = this.mapping.maximumRetryAttempts;
      if (limit >= 0 && retries > limit) {
        const seqs = pending.map((r) => r.dynamodb.SequenceNumber);
        this.options.log(`[local] stream ${this.mapping.logicalId}: ${pending.length} record(s) dropped after ${limit} retries (${seqs[0]}…${seqs.at(-1)}); on AWS they go to the dead-letter queue`);
        return;
      }
      await this.options.sleep(Math.min(50 * 2 ** retries, 2000));
      if (this.mapping.bisectBatchOnFunctionError && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        await this.invokeWithRetries(pending.slice(0, half), retries);
        await this.invokeWithRetries(pending.slice(half), retries);
        return;
      }
    }
  }
}

/** Starts one poller per mapping whose table and function the template has; polls until stop(). */
export async function startStreamPollers(options: StreamPollerOptions): Promise<StreamPollers> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials });
  const db = new DynamoDBClient({ endpoint: options.endpoint, region: options.region, credentials });
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pollers: MappingPoller[] = [];
  for (const m of options.mappings) {
    const table = options.tables.find((t) => t.logicalId === m.tableLogicalId);
    const fn = options.functions.get(m.functionLogicalId);
    if (!table || !fn) continue;
    const poller = new MappingPoller(m, table.tableName, fn, streams, db, options);
    await poller.open();
    pollers.push(poller);
  }

  // One pass at a time, whether the background loop or a drain asks for it.
  let turn: Promise<unknown> = Promise.resolve();
  const pass = (): Promise<number> => {
    const run = turn.then(async () => {
      let read = 0;
      for (const p of pollers) read += await p.poll();
      return read;
    });
    turn = run.catch(() => undefined);
    return run;
  };

  let stopped = false;
  const loop = (async () => {
    while (!stopped && pollers.length) {
      const read = await pass().catch((e: Error) => {
        if (!stopped) options.log(`[local] stream poll failed: ${e.name}: ${e.message}`);
        return 0;
      });
      if (read === 0 && !stopped) await options.sleep(options.idleMs ?? 100);
    }
  })();

  return {
    drain: async () => {
      for (let i = 0; i < 100 && (await pass()) > 0; i++);
    },
    busy: () => pollers.reduce((n, p) => n + p.pending, 0),
    delivered: () => {
      const out: Record<string, StreamDelivery> = {};
      for (const p of pollers) {
        const d = (out[p.entry] ??= { records: 0, invocations: 0 });
        d.records += p.delivery.records;
        d.invocations += p.delivery.invocations;
      }
      return out;
    },
    stop: async () => {
      stopped = true;
      await loop;
      streams.destroy();
      db.destroy();
    },
  };
}
