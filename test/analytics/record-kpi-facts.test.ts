import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DuckDbKpiStore } from '../../functions/analytics/duckdb-kpi-store';
import { FirehoseFactSink } from '../../functions/analytics/firehose-fact-sink';
import { LocalFileFactSink } from '../../functions/analytics/local-fact-sink';
import { recordKpiFacts, type ItemChange } from '../../functions/analytics/record-kpi-facts';
import { KpiFactSchema, periodsOf, type KpiFact } from '../../functions/domain/kpi';
import { loadPolicy } from '../../functions/domain/policy';
import { handComputedCases, HOUR } from '../domain/kpi/hand-computed-cases';
import type { KpiFactSink } from '../../functions/core/ports';

/** Case writes from the change stream become facts; the images and timeline come from the hand-computed case A. */

const cases = handComputedCases();
const A = cases.A;
const policy = loadPolicy('itc');

/** The case item as the stream carries it after `decide` moved its lifecycle to the event `seq`. */
function caseImage(seq: number): Record<string, unknown> {
  return { pk: `CASE#${A.state.caseId}`, sk: 'CASE', lifecycle: A.states.find((s) => s.eventSeq === seq)! };
}

class MemorySink implements KpiFactSink {
  readonly facts: KpiFact[] = [];
  async put(facts: readonly KpiFact[]) {
    this.facts.push(...facts);
  }
}

describe('recordKpiFacts', () => {
  let sink: MemorySink;
  beforeEach(() => {
    sink = new MemorySink();
  });
  const ports = () => ({ timelineOf: async () => A.timeline, policyOf: () => policy, sink });

  it('one fact per case write that appended an event, cut at that event; other items and eventless writes are skipped', async () => {
    // Prepare
    const changes: ItemChange[] = [
      { oldImage: caseImage(6), newImage: caseImage(7) },
      { newImage: { pk: `CASE#${A.state.caseId}`, sk: 'EVENT#2026-11-30T04:05:00.000Z#000007', type: 'rated' } },
      { oldImage: caseImage(7), newImage: { ...caseImage(7), tasks: {} } },
    ];
    // Act
    const facts = await recordKpiFacts(changes, ports());
    // Assess
    expect(facts).toHaveLength(1);
    expect(sink.facts).toEqual(facts);
    expect(facts[0]).toMatchObject({ as_of_seq: 7, as_of_event: 'rated', csat_score: 5, frt_business_ms: 2 * HOUR });
  });

  it('a record processed late still gives the fact of its own event, not of the latest one', async () => {
    // Act: the image of event 4 (staff_replied) while the timeline already holds all seven events.
    const [fact] = await recordKpiFacts([{ oldImage: caseImage(3), newImage: caseImage(4) }], ports());
    // Assess
    expect(fact).toMatchObject({ as_of_seq: 4, as_of_event: 'staff_replied' });
    expect(fact).toEqual(A.facts.find((f) => f.as_of_seq === 4));
  });

  it('the local sink writes files the DuckDB store reads back', async () => {
    const root = await mkdtemp(join(tmpdir(), 'redress-kpi-sink-'));
    const store = await DuckDbKpiStore.open(root);
    try {
      await recordKpiFacts([{ newImage: caseImage(7) }], { ...ports(), sink: new LocalFileFactSink(root) });
      const rows = await store.kpiRows(periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' }));
      expect(rows.counts.find((r) => r.dimension === 'all')).toMatchObject({ closed_resolved: 1, fcr: 1, rated: 1, satisfied: 1 });
    } finally {
      store.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('FirehoseFactSink', () => {
  const firehose = mockClient(FirehoseClient);
  beforeEach(() => firehose.reset());
  const facts = cases.D.facts;

  it('puts each fact as one JSON record and sends the refused ones again', async () => {
    // Prepare: the first call refuses the second record.
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({ FailedPutCount: 1, RequestResponses: [{ RecordId: 'a' }, { ErrorCode: 'ServiceUnavailableException' }, ...facts.slice(2).map(() => ({ RecordId: 'x' }))] })
      .resolves({ FailedPutCount: 0, RequestResponses: [] });
    // Act
    await new FirehoseFactSink(new FirehoseClient({ region: 'us-east-1' }), 'kpi-stream').put(facts);
    // Assess
    const calls = firehose.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(2);
    const decode = (d: Uint8Array | undefined) => KpiFactSchema.parse(JSON.parse(new TextDecoder().decode(d)));
    expect(calls[0]!.args[0].input.Records!.map((r) => decode(r.Data).fact_id)).toEqual(facts.map((f) => f.fact_id));
    expect(calls[1]!.args[0].input.Records!.map((r) => decode(r.Data).fact_id)).toEqual([facts[1]!.fact_id]);
  });

  it('fails when Firehose refuses a record twice, so the stream retries the batch', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 1, RequestResponses: [{ ErrorCode: 'InternalFailure' }] });
    await expect(new FirehoseFactSink(new FirehoseClient({ region: 'us-east-1' }), 'kpi-stream').put(facts.slice(0, 1))).rejects.toThrow(/refused 1/);
  });

  it('splits more than 500 facts into batches of at most 500', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
    const many = Array.from({ length: 1201 }, (_, i) => ({ ...facts[0]!, fact_id: `x#${i}` }));
    await new FirehoseFactSink(new FirehoseClient({ region: 'us-east-1' }), 'kpi-stream').put(many);
    expect(firehose.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input.Records!.length)).toEqual([500, 500, 201]);
  });
});
