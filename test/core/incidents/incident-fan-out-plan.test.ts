import { describe, expect, it } from 'vitest';
import { FAN_OUT_BATCHES_PER_WRITE, FAN_OUT_BATCH_SIZE, planFanOut } from '../../../functions/core/use-cases/incidents/fan-out-plan';

/** How cases are cut into one write's batches and cursor: id order, each case once, numbering continued from a cursor. */
const ids = (n: number) => Array.from({ length: n }, (_, i) => `case-${String(i).padStart(5, '0')}`);

describe('planFanOut', () => {
  it('cuts the cases, in id order and once each, into batches of 25 with no cursor when one write holds them', () => {
    const plan = planFanOut('update', 'inc-1', 2, [...ids(57)].reverse().concat(['case-00003']), 'T');
    expect(plan.cursor).toBeUndefined();
    expect(plan.batches.map((b) => [b.batchId, b.caseIds.length])).toEqual([['update-2-1', 25], ['update-2-2', 25], ['update-2-3', 7]]);
    expect(plan.batches.flatMap((b) => b.caseIds)).toEqual(ids(57));
    expect(plan.batches[0]).toMatchObject({ incidentId: 'inc-1', kind: 'update', updateSeq: 2, queuedAt: 'T' });
  });

  it('fits a DynamoDB transaction: at most 98 batches and a cursor naming the last case queued', () => {
    const all = ids(FAN_OUT_BATCHES_PER_WRITE * FAN_OUT_BATCH_SIZE + 30);
    const plan = planFanOut('link', 'inc-1', 1, all, 'T');
    expect(1 + plan.batches.length + (plan.cursor ? 1 : 0)).toBe(100);
    expect(plan.cursor).toEqual({ incidentId: 'inc-1', kind: 'link', cursorId: 'link-1-from-99', updateSeq: 1, after: all[2449], nextBatch: 99, queuedAt: 'T' });
  });

  it('continues from a cursor: only the cases after it, batches numbered on', () => {
    const all = ids(60);
    const plan = planFanOut('link', 'inc-1', 1, all, 'T', { after: all[24], nextBatch: 2 });
    expect(plan.batches.map((b) => [b.batchId, b.caseIds[0], b.caseIds.length])).toEqual([['link-1-2', 'case-00025', 25], ['link-1-3', 'case-00050', 10]]);
    expect(planFanOut('link', 'inc-1', 1, all, 'T', { after: all[59], nextBatch: 4 })).toEqual({ batches: [] });
  });
});
