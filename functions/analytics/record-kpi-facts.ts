import * as z from '../domain/zod';
import { kpiFactsOf, type KpiFact } from '../domain/kpi';
import { LifecycleStateSchema, type LifecycleEvent } from '../domain/lifecycle';
import type { Policy } from '../domain/policy';
import type { KpiFactSink } from '../core/ports';

/**
 * The change-stream step that turns case writes into KPI facts, off the request path: for each new image of a
 * case item whose lifecycle moved to a new event, the fact as of that event. The timeline is read through a port
 * (one query of the case's own partition, never a scan) and cut at the image's event, so a record processed late
 * still yields the fact of its own event. Facts go to a sink (Firehose on AWS, files locally); delivery is
 * at least once, which the queries absorb (they keep the latest fact of each case, and a repeated fact is the same row).
 */

export interface RecordKpiFactsPorts {
  /** The case's timeline events, in any order. */
  timelineOf(caseId: string): Promise<readonly LifecycleEvent[]>;
  /** The policy version the case started under. */
  policyOf(ref: { name: string; version: string }): Policy;
  sink: KpiFactSink;
}

/** A stream record, unmarshalled: the item before and after the write (either may be absent). */
export interface ItemChange {
  oldImage?: Record<string, unknown>;
  newImage?: Record<string, unknown>;
}

/** A case item's image as the stream carries it: its lifecycle, the rest of the item left as is. */
export const CaseImageSchema = z.looseObject({ sk: z.literal('CASE'), lifecycle: LifecycleStateSchema });
const seqOf = (image: Record<string, unknown> | undefined) => {
  const parsed = CaseImageSchema.safeParse(image);
  return parsed.success ? parsed.data.lifecycle.eventSeq : -1;
};

/** Facts of the case writes in a batch of stream records; other items (events, counters, idempotency) are skipped. */
export async function recordKpiFacts(changes: readonly ItemChange[], ports: RecordKpiFactsPorts): Promise<KpiFact[]> {
  const facts: KpiFact[] = [];
  for (const change of changes) {
    const theCase = CaseImageSchema.safeParse(change.newImage);
    if (!theCase.success) continue;
    const state = theCase.data.lifecycle;
    // A write that appended no event (a task token registered, a flag set) changes no KPI.
    if (state.eventSeq <= seqOf(change.oldImage)) continue;
    const timeline = (await ports.timelineOf(state.caseId)).filter((e) => e.seq <= state.eventSeq);
    facts.push(kpiFactsOf(state, timeline, ports.policyOf(state.policy)));
  }
  if (facts.length > 0) await ports.sink.put(facts);
  return facts;
}
