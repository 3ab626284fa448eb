import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Every item a query matches, page after page, through the SDK's own paginator (one place that follows
 * `LastEvaluatedKey`). `enough` stops it after the page that satisfied the caller, who trims the surplus.
 */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput, enough?: (items: readonly Item[]) => boolean): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: db }, input)) {
    items.push(...(page.Items ?? []));
    if (enough?.(items)) break;
  }
  return items;
}

/** BatchGetItem's limit per request. */
const BATCH_GET_MAX = 100;
/** Rounds of re-asking for the keys DynamoDB left unprocessed (throttling, the 16 MB answer limit) before giving up. */
const UNPROCESSED_ROUNDS = 8;

/**
 * The items under `keys` (`pk`/`sk`), in the order of `keys`; a key with no item is left out. For the keys-only
 * indexes (infra/constructs/data.ts): the index says which items and in what order, this reads them. Eventually
 * consistent, like the index read before it. Keys DynamoDB leaves unprocessed are asked again after a short,
 * growing pause.
 */
export async function batchGetAll(db: DynamoDBDocumentClient, tableName: string, keys: readonly { pk: string; sk: string }[]): Promise<Item[]> {
  const found = new Map<string, Item>();
  const id = (k: Record<string, unknown>) => `${String(k.pk)}\u0000${String(k.sk)}`;
  const unique = [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_MAX);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= UNPROCESSED_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${UNPROCESSED_ROUNDS} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const out = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      for (const item of out.Responses?.[tableName] ?? []) found.set(id(item), item);
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return keys.flatMap((k) => {
    const item = found.get(id(k));
    return item ? [item] : [];
  });
}
