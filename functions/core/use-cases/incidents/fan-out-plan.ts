import type { IncidentFanOutBatch, IncidentFanOutCursor, IncidentFanOutPlan } from '../../ports';

/**
 * How an incident's cases are cut into fan-out items, shared by the routes (which queue the plan in the same
 * transaction as the incident's change) and the fan-out consumer (which continues a plan from its cursor). A pure
 * module of its own so that the consumer (fan-out.ts) and the linking (link-cases.ts) both use it without importing
 * each other.
 */

/** Case ids per queued batch: one consumer invocation commits this many cases, INCIDENT_FAN_OUT at a time. */
export const FAN_OUT_BATCH_SIZE = 25;

/**
 * Batches one write queues at most. A DynamoDB transaction takes 100 items: the incident's own item, these batches and
 * one cursor when cases remain. 98 × 25 = 2,450 cases per write; a larger outage continues from the cursor.
 */
export const FAN_OUT_BATCHES_PER_WRITE = 98;

/**
 * The next write of a fan-out: the case ids after `from.after` (in id order, so a continuation read later neither
 * skips nor repeats one already queued), cut into batches numbered from `from.nextBatch`; when more remain than one
 * write takes, a cursor naming the last id queued, from which the consumer continues (continueFanOut).
 */
export function planFanOut(
  kind: IncidentFanOutBatch['kind'],
  incidentId: string,
  updateSeq: number,
  caseIds: readonly string[],
  queuedAt: string,
  from: { after?: string; nextBatch: number } = { nextBatch: 1 },
  batchesPerWrite = FAN_OUT_BATCHES_PER_WRITE,
): IncidentFanOutPlan {
  const after = from.after;
  const remaining = [...new Set(caseIds)].sort().filter((id) => after === undefined || id > after);
  const taken = remaining.slice(0, batchesPerWrite * FAN_OUT_BATCH_SIZE);
  const batches: IncidentFanOutBatch[] = [];
  for (let i = 0; i < taken.length; i += FAN_OUT_BATCH_SIZE) {
    batches.push({ incidentId, kind, batchId: `${kind}-${updateSeq}-${from.nextBatch + batches.length}`, updateSeq, caseIds: taken.slice(i, i + FAN_OUT_BATCH_SIZE), queuedAt });
  }
  if (remaining.length === taken.length) return { batches };
  const nextBatch = from.nextBatch + batches.length;
  const cursor: IncidentFanOutCursor = { incidentId, kind, cursorId: `${kind}-${updateSeq}-from-${nextBatch}`, updateSeq, after: taken[taken.length - 1]!, nextBatch, queuedAt };
  return { batches, cursor };
}
