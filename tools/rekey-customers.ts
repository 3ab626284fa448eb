/**
 * npm run customers:rekey -- --table <case table> --keys-table <customer-keys table>
 *
 * Moves what earlier versions stored under a customer's unkeyed hash (`CUSTOMER#<SHA-256(address)>`, which anyone can
 * compute from a guessed address) to their blind index (`CUSTOMER#<HMAC-SHA-256(secret, address)>`,
 * functions/domain/customer-key.ts): in the case table their index items (`CASE#…`) and last resolution, in the
 * customer-keys table their wrapped data key. Until it has run the functions read under both keys and write under the
 * blind index only (functions/adapters/dynamodb-case-store.ts, functions/adapters/crypto/envelope-field-cipher.ts),
 * so it can run any time after the deploy, with traffic. Run `npm run customer-keys:move` first if that has not run:
 * a data key still in the case table (`DATA_KEY`) is left where it is (and still found there).
 *
 * The hash cannot be reversed, so the addresses come from the cases: each case item not erased gives its customer's
 * two keys. Each item moves in one transaction: written under the blind index, and deleted under the old key on
 * condition it is still there as read. An erasure that ran meanwhile deleted the old item, so the move is cancelled
 * and nothing comes back; an erasure after the move deletes under both keys. Safe to stop and run again: what has
 * moved is no longer found.
 *
 * A moved data key keeps `boundTo`: the old key, which its wrapping's encryption context and every value sealed with
 * it name, so everything sealed before the move still opens (docs/contracts.md "Sealed fields and erasure").
 *
 * The secret: `CUSTOMER_INDEX_SECRET_ARN` (the stack's secret, read with the operator's credentials) or
 * `CUSTOMER_INDEX_SECRET`; never printed.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeleteCommand, GetCommand, paginateScan, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../functions/domain/zod';
import type { CustomerIndex } from '../functions/core/ports';
import { normalizedAddress } from '../functions/domain/customer-key';
import { queryAll } from '../functions/adapters/dynamodb-query';

export interface RekeyCustomersReport {
  /** Distinct addresses of cases not erased. */
  customers: number;
  /** Case-table items moved (index items and last resolutions). */
  items: number;
  /** Data keys moved in the customer-keys table. */
  keys: number;
  /** Left under the old key: erased or changed meanwhile, a data key already under the blind index, or one still in the case table. */
  skipped: number;
}

const LAST_RESOLUTION_SK = 'LAST_RESOLUTION';
const CaseItem = z.object({ customer: z.object({ email: z.string() }), erasedAt: z.optional(z.string()) });
const cancelled = (e: unknown) => (e as Error)?.name === 'TransactionCanceledException';

export async function rekeyCustomers(db: DynamoDBDocumentClient, tableName: string, keysTableName: string, index: CustomerIndex): Promise<RekeyCustomersReport> {
  const report: RekeyCustomersReport = { customers: 0, items: 0, keys: 0, skipped: 0 };
  const seen = new Set<string>();
  const pages = paginateScan(
    { client: db },
    { TableName: tableName, FilterExpression: 'sk = :case', ExpressionAttributeValues: { ':case': 'CASE' }, ProjectionExpression: 'customer, erasedAt' },
  );
  for await (const page of pages) {
    for (const raw of page.Items ?? []) {
      const item = CaseItem.safeParse(raw);
      if (!item.success || item.data.erasedAt !== undefined) continue;
      const address = normalizedAddress(item.data.customer.email);
      if (seen.has(address)) continue;
      seen.add(address);
      report.customers += 1;
      const [current, ...earlier] = await index.keysOf(address);
      for (const old of earlier) {
        await moveCaseItems(db, tableName, old, current, report);
        await moveDataKey(db, keysTableName, old, current, report);
      }
    }
  }
  return report;
}

async function moveCaseItems(db: DynamoDBDocumentClient, tableName: string, from: string, to: string, report: RekeyCustomersReport): Promise<void> {
  const items = await queryAll(db, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': from }, ConsistentRead: true });
  for (const item of items) {
    const sk = String(item.sk);
    if (sk === LAST_RESOLUTION_SK) {
      await moveLastResolution(db, tableName, from, to, item, report);
      continue;
    }
    if (!sk.startsWith('CASE#')) {
      report.skipped += 1; // a data key of the oldest layout (`DATA_KEY`): npm run customer-keys:move moves it
      continue;
    }
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...item, pk: to } } },
            { Delete: { TableName: tableName, Key: { pk: from, sk }, ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      );
      report.items += 1;
    } catch (e) {
      if (!cancelled(e)) throw e;
      report.skipped += 1; // erased or moved by a correction meanwhile: nothing to revive
    }
  }
}

/** The later resolution wins under the blind index (one may have been recorded there since the deploy). */
async function moveLastResolution(db: DynamoDBDocumentClient, tableName: string, from: string, to: string, item: Record<string, unknown>, report: RekeyCustomersReport): Promise<void> {
  const at = String(item.resolvedAt);
  const stillThere = { ConditionExpression: 'resolvedAt = :at', ExpressionAttributeValues: { ':at': at } };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...item, pk: to }, ConditionExpression: 'attribute_not_exists(pk) OR resolvedAt < :at', ExpressionAttributeValues: { ':at': at } } },
          { Delete: { TableName: tableName, Key: { pk: from, sk: LAST_RESOLUTION_SK }, ...stillThere } },
        ],
      }),
    );
    report.items += 1;
  } catch (e) {
    if (!cancelled(e)) throw e;
    const newer = (await db.send(new GetCommand({ TableName: tableName, Key: { pk: to, sk: LAST_RESOLUTION_SK }, ConsistentRead: true }))).Item;
    if (newer && String(newer.resolvedAt) >= at) {
      // A later resolution is under the blind index already: the old one has nothing left to say.
      try {
        await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: from, sk: LAST_RESOLUTION_SK }, ...stillThere }));
        report.items += 1;
        return;
      } catch (again) {
        if ((again as Error)?.name !== 'ConditionalCheckFailedException') throw again;
      }
    }
    report.skipped += 1;
  }
}

async function moveDataKey(db: DynamoDBDocumentClient, keysTableName: string, from: string, to: string, report: RekeyCustomersReport): Promise<void> {
  const item = (await db.send(new GetCommand({ TableName: keysTableName, Key: { pk: from }, ConsistentRead: true }))).Item;
  if (!item) return;
  const { wrapped, boundTo } = z.object({ wrapped: z.string(), boundTo: z.optional(z.string()) }).parse(item);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          // Bound to the key it was made under: its wrapping and the values sealed with it name that key.
          { Put: { TableName: keysTableName, Item: { pk: to, wrapped, boundTo: boundTo ?? from }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Delete: { TableName: keysTableName, Key: { pk: from }, ConditionExpression: '#wrapped = :w', ExpressionAttributeNames: { '#wrapped': 'wrapped' }, ExpressionAttributeValues: { ':w': wrapped } } },
        ],
      }),
    );
    report.keys += 1;
  } catch (e) {
    if (!cancelled(e)) throw e;
    report.skipped += 1; // erased meanwhile (not revived), or a key under the blind index already (left for a person)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { table: { type: 'string' }, 'keys-table': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help || !values.table || !values['keys-table']) {
    console.log(
      'usage: CUSTOMER_INDEX_SECRET_ARN=<the stack\'s CustomerIndexSecret> npm run customers:rekey -- --table <case table> --keys-table <customer-keys table>   (AWS credentials from the environment)',
    );
    process.exit(values.help ? 0 : 2);
  }
  const { documentClient } = await import('../functions/adapters/dynamodb-client');
  const { customerIndexFromEnv } = await import('../functions/adapters/customer-index');
  const done = await rekeyCustomers(documentClient, values.table, values['keys-table'], customerIndexFromEnv());
  console.log(`${done.customers} customers: moved ${done.items} case-table items and ${done.keys} data keys to the blind index; left ${done.skipped} (erased or changed meanwhile, or see above)`);
}
