import * as z from '../domain/zod';
import { caseEventOf, type CaseEvent } from '../domain/case-events';
import { LifecycleStateSchema, type LifecycleEvent } from '../domain/lifecycle';
import type { ItemChange } from './record-kpi-facts';

/**
 * The change-stream step that tells integrators what happened: for each case write that appended events, one
 * integrator event per new timeline event (internal notes excepted), in timeline order, with the case as that write
 * left it. Delivery is at least once (a retried stream batch publishes again); each event's `id` is stable
 * (`<case id>#<seq>`), so a subscriber drops what it has seen.
 */

const CaseImageSchema = z.looseObject({ sk: z.literal('CASE'), caseNumber: z.string().check(z.minLength(1)), department: z.string(), lifecycle: LifecycleStateSchema });
const OldSeqSchema = z.looseObject({ lifecycle: z.looseObject({ eventSeq: z.number().check(z.int()) }) });

/** The integrator events of a batch of item changes; other items (events, counters, idempotency) are skipped. */
export async function caseEventsOf(changes: readonly ItemChange[], timelineOf: (caseId: string) => Promise<readonly LifecycleEvent[]>): Promise<CaseEvent[]> {
  const out: CaseEvent[] = [];
  for (const change of changes) {
    const parsed = CaseImageSchema.safeParse(change.newImage);
    if (!parsed.success) continue;
    const { caseNumber, department, lifecycle: state } = parsed.data;
    const old = OldSeqSchema.safeParse(change.oldImage);
    const after = old.success ? old.data.lifecycle.eventSeq : 0;
    if (state.eventSeq <= after) continue;
    const added = (await timelineOf(state.caseId)).filter((e) => e.seq > after && e.seq <= state.eventSeq).toSorted((a, b) => a.seq - b.seq);
    for (const e of added) {
      const event = caseEventOf({ caseNumber, department }, state, e);
      if (event) out.push(event);
    }
  }
  return out;
}
