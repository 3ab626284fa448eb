// What the erasure tests on DynamoDB Local (the admin's, the customer's own after a correction, retention's expiry) do:
// file a case with personal data in it, move it through the lifecycle, read its KPI facts, and read every item of the
// table or an index to look for personal data left behind.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import type { FieldCipher, PolicyBook } from '../../functions/core/ports';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { fileComplaint } from '../../functions/core/use-cases/file-complaint';
import { lifecycleOf } from '../../functions/domain/case';
import { kpiFactsOf } from '../../functions/domain/kpi/facts';
import type { Action } from '../../functions/domain/lifecycle/actions';
import { decide } from '../../functions/domain/lifecycle/decide';
import type { Actor } from '../../functions/domain/lifecycle/model';
import type { Policy } from '../../functions/domain/policy';
import type { TestDb } from './dynamodb-local';

/** The account number every filed case carries (sealed); a scan after erasure must not find it. */
export const ACCOUNT = '44019283765512';

/**
 * Erasure's S3 parts for the tests whose cases have no files and came by form, not by mail: nothing in either bucket
 * to delete. (The S3 adapters' own erasure tests run on the local S3 server; test/core/retention.test.ts fails S3.)
 */
export const NO_S3_OBJECTS = { files: { eraseCaseFiles: async () => 0 }, rawMail: { eraseCaseMail: async () => 0 } };

export interface FilingWorld {
  store: DynamoCaseStore;
  policies: PolicyBook;
  cipher: FieldCipher;
  now: () => Date;
}

/**
 * Files a payout-delay case through the real use case, its account number sealed under the customer's key. With
 * `erased` the description also says where the customer lives, words a scan after the erasure looks for.
 */
export async function fileWithPersonalData(world: FilingWorld, customer: { name: string; email: string }, bankName: string, erased: boolean): Promise<{ id: string; token: string }> {
  const filed = await fileComplaint(
    { ...world, publicBaseUrl: 'https://redress.example', newId: () => crypto.randomUUID() },
    {
      customer,
      category: 'payout_delay',
      subject: `Withdrawal to ${bankName} missing`,
      description: erased ? `${customer.name} here, writing from my flat in Wuse II.` : `${customer.name} here.`,
      details: { bankName, accountLast4: '5512', accountNumber: ACCOUNT, amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
    },
  );
  if (!filed.ok) throw new Error(filed.detail);
  return { id: filed.body.id, token: filed.body.accessToken };
}

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
export async function scanAll(db: TestDb, indexName?: string, tableName: string = db.tableName): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new ScanCommand({ TableName: tableName, ...(indexName ? { IndexName: indexName } : {}), ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
