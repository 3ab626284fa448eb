/**
 * npm run customer-keys:move -- --table <case table> --keys-table <customer-keys table>
 *
 * Moves the wrapped customer data keys that earlier versions kept in the case table (`CUSTOMER#…` / `DATA_KEY`) into
 * the customer-keys table (infra/constructs/field-keys.ts), so that erasure's deleted key can no longer come back with
 * a restore of the case table. Until it has run, the functions find a key in either place
 * (functions/adapters/crypto/dynamodb-customer-keys.ts), so it can run any time after the deploy.
 *
 * Each key moves in one transaction: put into the keys table if no key is there, and delete from the case table on
 * condition it is still the key read. An erasure that ran meanwhile deleted the old item, so the move of that key is
 * cancelled and the key is not revived. Safe to stop and run again: what has moved is no longer found.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { paginateScan, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LEGACY_KEY_SK } from '../functions/adapters/crypto/dynamodb-customer-keys';

export interface MoveCustomerKeysReport {
  /** Old key items found in the case table. */
  found: number;
  moved: number;
  /** Not moved: erased meanwhile, or a key already in the keys table (the old item is left as it is; a rerun says so again). */
  skipped: number;
}

export async function moveCustomerKeys(db: DynamoDBDocumentClient, tableName: string, keysTableName: string): Promise<MoveCustomerKeysReport> {
  const report: MoveCustomerKeysReport = { found: 0, moved: 0, skipped: 0 };
  const pages = paginateScan(
    { client: db },
    {
      TableName: tableName,
      FilterExpression: 'sk = :sk AND begins_with(pk, :customer)',
      ExpressionAttributeValues: { ':sk': LEGACY_KEY_SK, ':customer': 'CUSTOMER#' },
      ProjectionExpression: 'pk, #wrapped', // `wrapped` is a reserved word
      ExpressionAttributeNames: { '#wrapped': 'wrapped' },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const { pk, wrapped } = item as { pk: string; wrapped: string };
      report.found += 1;
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: keysTableName, Item: { pk, wrapped }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Delete: { TableName: tableName, Key: { pk, sk: LEGACY_KEY_SK }, ConditionExpression: '#wrapped = :w', ExpressionAttributeNames: { '#wrapped': 'wrapped' }, ExpressionAttributeValues: { ':w': wrapped } } },
            ],
          }),
        );
        report.moved += 1;
      } catch (e) {
        if ((e as Error)?.name !== 'TransactionCanceledException') throw e;
        report.skipped += 1;
      }
    }
  }
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { table: { type: 'string' }, 'keys-table': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help || !values.table || !values['keys-table']) {
    console.log('usage: npm run customer-keys:move -- --table <case table> --keys-table <customer-keys table>   (the deployed stack\'s tables; AWS credentials from the environment)');
    process.exit(values.help ? 0 : 2);
  }
  const { documentClient } = await import('../functions/adapters/dynamodb-client');
  const done = await moveCustomerKeys(documentClient, values.table, values['keys-table']);
  console.log(`found ${done.found} customer keys in the case table; moved ${done.moved}, left ${done.skipped} (erased meanwhile or already moved)`);
}
