// What the two erasure tests on DynamoDB Local (the admin's, and the customer's own after a correction) both do:
// move a case through the lifecycle, read its KPI facts, and read every item of the table or an index to look for
// personal data left behind.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { lifecycleOf } from '../../functions/domain/case';
import { kpiFactsOf } from '../../functions/domain/kpi/facts';
import type { Action } from '../../functions/domain/lifecycle/actions';
import { decide } from '../../functions/domain/lifecycle/decide';
import type { Actor } from '../../functions/domain/lifecycle/model';
import type { Policy } from '../../functions/domain/policy';
import type { TestDb } from './dynamodb-local';

/** Decides `action` on the case and commits it, or throws with the outcome. */
export async function act(store: DynamoCaseStore, policy: Policy, now: Date, id: string, action: Action, actor: Actor): Promise<void> {
  const r = await decideAndCommit(store, id, (c) => ({ decision: decide(lifecycleOf(c), action, actor, now, policy) }));
  if (r.outcome !== 'committed') throw new Error(`${action.type}: ${r.outcome}`);
}

/** The KPI facts of each case, as the stream would record them. */
export const kpiFacts = (store: DynamoCaseStore, policy: Policy, ids: readonly string[]) =>
  Promise.all(
    ids.map(async (id) => {
      const { theCase, timeline } = (await store.getWithTimeline(id))!;
      return kpiFactsOf({ ...lifecycleOf(theCase) }, timeline, policy);
    }),
  );

/** Every item of the table, or of one of its indexes. */
export async function scanAll(db: TestDb, indexName?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new ScanCommand({ TableName: db.tableName, ...(indexName ? { IndexName: indexName } : {}), ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
