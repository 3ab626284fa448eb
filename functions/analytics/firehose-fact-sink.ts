import { FirehoseClient, PutRecordBatchCommand, type _Record } from '@aws-sdk/client-firehose';
import type { KpiFact } from '../domain/kpi';
import type { KpiFactSink } from '../core/ports';

/** PutRecordBatch takes at most 500 records and 4 MiB per call. */
const MAX_RECORDS = 500;
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The AWS sink: facts onto the Firehose delivery stream (infra/constructs/analytics.ts), which partitions them by
 * date into S3. Records Firehose refuses in a batch are sent once more; any still refused fail the call, so the
 * stream record is retried (a fact delivered twice is the same row, the queries keep one).
 */
export class FirehoseFactSink implements KpiFactSink {
  constructor(
    private readonly client: FirehoseClient,
    private readonly streamName: string,
  ) {}

  async put(facts: readonly KpiFact[]): Promise<void> {
    for (const batch of batches(facts.map((f) => ({ Data: new TextEncoder().encode(JSON.stringify(f)) })))) {
      let pending = batch;
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
        const out = await this.client.send(new PutRecordBatchCommand({ DeliveryStreamName: this.streamName, Records: pending }));
        pending = out.FailedPutCount ? pending.filter((_, i) => out.RequestResponses?.[i]?.ErrorCode) : [];
      }
      if (pending.length > 0) throw new Error(`Firehose refused ${pending.length} KPI fact(s) twice`);
    }
  }
}

function* batches(records: _Record[]): Generator<_Record[]> {
  let batch: _Record[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = r.Data!.byteLength;
    if (batch.length === MAX_RECORDS || (batch.length > 0 && bytes + size > MAX_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(r);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
