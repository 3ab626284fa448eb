/**
 * npm run attention:backfill -- --table <name>
 *
 * Step 3 of the index migration (README, "Deploying to AWS"): cases flagged before the sparse `byAttention` index
 * existed carry the flag but not the index's keys, so the supervisors' list would miss them. This scans the table
 * once for flagged case items without the keys and sets them, each on condition that the flag it read is still the
 * case's (a flag lifted or raised meanwhile is left to `flag`/`clearFlag`, which keep the keys themselves). Safe to
 * run again: a case that has its keys is skipped.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { paginateScan, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { attentionKeys } from '../functions/adapters/dynamodb-case-store';

export async function backfillAttentionKeys(db: DynamoDBDocumentClient, tableName: string): Promise<{ scanned: number; keyed: number }> {
  let scanned = 0;
  let keyed = 0;
  const pages = paginateScan(
    { client: db },
    {
      TableName: tableName,
      FilterExpression: 'sk = :case AND attribute_exists(needsAttention) AND attribute_not_exists(gsi2pk)',
      ExpressionAttributeValues: { ':case': 'CASE' },
      ProjectionExpression: 'pk, id, needsAttention',
    },
  );
  for await (const page of pages) {
    scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const { id, needsAttention } = item as { id: string; needsAttention: { at: string } };
      const keys = attentionKeys(id, needsAttention.at);
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: item.pk, sk: 'CASE' },
            UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
            ConditionExpression: 'needsAttention.#at = :at',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':pk': keys.gsi2pk, ':sk': keys.gsi2sk, ':at': needsAttention.at },
          }),
        );
        keyed += 1;
      } catch (e) {
        if ((e as Error)?.name !== 'ConditionalCheckFailedException') throw e;
      }
    }
  }
  return { scanned, keyed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { table: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help || !values.table) {
    console.log('usage: npm run attention:backfill -- --table <name>   (the table of the deployed stack; AWS credentials from the environment)');
    process.exit(values.help ? 0 : 2);
  }
  const { documentClient } = await import('../functions/adapters/dynamodb-client');
  const done = await backfillAttentionKeys(documentClient, values.table);
  console.log(`scanned ${done.scanned} items; ${done.keyed} flagged cases given their byAttention keys`);
}
