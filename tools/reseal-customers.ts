/**
 * npm run customers:reseal -- --table <case table> --keys-table <customer-keys table> [--settle-seconds 60]
 *
 * Finishes tools/rekey-customers.ts: a data key it moved to the blind index stays bound to the customer's unkeyed hash
 * (`boundTo`), which its wrapping's encryption context and the key name in every value sealed with it carry. This
 * binds each such key to its own key (`pk`, the blind index) and seals the customer's values again under that name,
 * so no trace of the unkeyed hash is left in either table. No customer index secret is needed: the key items name
 * both keys. Run it after `npm run customer-keys:move` and `npm run customers:rekey` (a key they left under the
 * unkeyed hash, in either table, carries no `boundTo` and is not touched).
 *
 * Three steps per data key, each leaving a state the functions read correctly (docs/contracts.md "The customer's key"):
 *
 * 1. Bind: the data key is opened under its old binding and wrapped again under `customer=<pk>`; one conditional
 *    update (on the wrapping read) stores it, drops `boundTo` and keeps the old key as `formerly` with `rebindingSince`.
 *    From then on the functions seal under the new name and open under the new name or the old.
 * 2. Re-seal, once `--settle-seconds` (default 60: four times the functions' 15 s timeout) have passed since the bind:
 *    by then a function that read the key before the bind (and may have sealed a value under the old name) has
 *    written it. Every value of the customer's cases (`sealed` on the case item; the cases from the case store's
 *    `casesOf` under both keys) still under the old name is sealed again under the new, each by an update conditioned
 *    on the value read, so a value written meanwhile (a correction, another run) is never overwritten: it is read again.
 * 3. Finish: when no value is left under the old name, `formerly` is dropped (conditioned on it being there).
 *
 * Erasure deletes the key item: every write here is an update conditioned on the item as read, so a destroyed key is
 * never revived, and a case whose values were erased has none left to re-seal. Safe to stop, run again (a rerun picks
 * each key up at the step it reached) and run twice at once.
 *
 * The master key: `FIELD_KEY_ARN` (the stack's field key; the operator's credentials must allow kms:Decrypt and
 * kms:GenerateDataKey on it) or `FIELD_MASTER_KEY` (base64, the local stack's `.local/field-master-key`).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { KeyringNode } from '@aws-crypto/client-node';
import { GetCommand, paginateScan, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../functions/domain/zod';
import { CustomerKeyRebinder } from '../functions/adapters/crypto/envelope-field-cipher';
import { DynamoCaseStore } from '../functions/adapters/dynamodb-case-store';
import type { CustomerKeys } from '../functions/core/ports';
import { casePk } from '../functions/domain/case';

export interface ResealCustomersReport {
  /** Data keys bound to their own key in this run (step 1). */
  bound: number;
  /** Values sealed again under the new name (step 2). */
  values: number;
  /** Data keys with nothing left under the old name (step 3). */
  finished: number;
  /** Left as they were: erased or changed meanwhile, or a value still under the old name after the retries (run again). */
  skipped: number;
}

export interface ResealOptions {
  /** How long after its bind a key's values are re-sealed (see above). */
  settleMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told when every key found has been bound (step 1) and before the wait: the CLI prints it. */
  onBound?: (report: ResealCustomersReport) => Promise<void> | void;
}

const DEFAULT_SETTLE_MS = 60_000;
const CASE_SK = 'CASE';
const RETRIES = 5;
const KeyItem = z.object({ pk: z.string(), wrapped: z.string(), boundTo: z.optional(z.string()), formerly: z.optional(z.string()), rebindingSince: z.optional(z.number()) });
type KeyItem = z.infer<typeof KeyItem>;
const CaseItem = z.object({ sealed: z.optional(z.record(z.string(), z.string())), erasedAt: z.optional(z.string()) });
const conditionFailed = (e: unknown) => (e as Error)?.name === 'ConditionalCheckFailedException';

export async function resealCustomers(db: DynamoDBDocumentClient, tableName: string, keysTableName: string, master: KeyringNode, options: ResealOptions = {}): Promise<ResealCustomersReport> {
  const { settleMs = DEFAULT_SETTLE_MS, now = Date.now, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = options;
  const rebinder = new CustomerKeyRebinder(master);
  const report: ResealCustomersReport = { bound: 0, values: 0, finished: 0, skipped: 0 };

  for (const item of await keyItems(db, keysTableName, 'attribute_exists(boundTo)')) await bind(db, keysTableName, rebinder, item, now(), report);
  await options.onBound?.(report);

  const rebinding = await keyItems(db, keysTableName, 'attribute_exists(formerly)');
  const settled = Math.max(0, ...rebinding.map((k) => (k.rebindingSince ?? 0) + settleMs - now()));
  if (rebinding.length > 0 && settled > 0) await sleep(settled);
  for (const item of rebinding) await resealCustomer(db, tableName, keysTableName, rebinder, item, report);
  return report;
}

async function keyItems(db: DynamoDBDocumentClient, keysTableName: string, filter: string): Promise<KeyItem[]> {
  const found: KeyItem[] = [];
  for await (const page of paginateScan({ client: db }, { TableName: keysTableName, FilterExpression: filter, ConsistentRead: true })) {
    for (const raw of page.Items ?? []) found.push(KeyItem.parse(raw));
  }
  return found;
}

/** Step 1: the wrapping bound to the key's own `pk`, the old key kept as `formerly` until its values are re-sealed. */
async function bind(db: DynamoDBDocumentClient, keysTableName: string, rebinder: CustomerKeyRebinder, item: KeyItem, at: number, report: ResealCustomersReport): Promise<void> {
  const from = item.boundTo!;
  const rebound = from === item.pk ? item.wrapped : await rebinder.wrap(await rebinder.open(item.wrapped, from), item.pk);
  const keepsOld = from !== item.pk;
  try {
    await db.send(
      new UpdateCommand({
        TableName: keysTableName,
        Key: { pk: item.pk },
        UpdateExpression: keepsOld ? 'SET #wrapped = :new, #formerly = :old, #since = :at REMOVE #boundTo' : 'REMOVE #boundTo',
        // As read: an erasure deleted it (never revived), or another run bound it first.
        ConditionExpression: '#wrapped = :read AND #boundTo = :old',
        ExpressionAttributeNames: { '#wrapped': 'wrapped', '#boundTo': 'boundTo', ...(keepsOld ? { '#formerly': 'formerly', '#since': 'rebindingSince' } : {}) },
        ExpressionAttributeValues: { ':read': item.wrapped, ':old': from, ...(keepsOld ? { ':new': rebound, ':at': at } : {}) },
      }),
    );
    report.bound += 1;
  } catch (e) {
    if (!conditionFailed(e)) throw e;
    report.skipped += 1;
  }
}

/** Steps 2 and 3 for one customer: every value under the old name sealed again, then the old name dropped. */
async function resealCustomer(db: DynamoDBDocumentClient, tableName: string, keysTableName: string, rebinder: CustomerKeyRebinder, item: KeyItem, report: ResealCustomersReport): Promise<void> {
  const from = item.formerly!;
  const to = item.pk;
  const current = (await db.send(new GetCommand({ TableName: keysTableName, Key: { pk: to }, ConsistentRead: true }))).Item;
  if (!current || current.formerly !== from) return; // erased, or finished by another run
  const key = await rebinder.open(KeyItem.parse(current).wrapped, to);
  // The customer's cases under both keys: the case store's own listing, its index told the keys the key item names.
  const keys: CustomerKeys = [to, from];
  const cases = await new DynamoCaseStore(db, tableName, { keysOf: async () => keys }).casesOf('');
  let left = 0;
  for (const caseId of cases) left += await resealCase(db, tableName, rebinder, key, from, to, caseId, report);
  if (left > 0) {
    report.skipped += 1; // a value kept changing under the retries: the next run takes it up
    return;
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: keysTableName,
        Key: { pk: to },
        UpdateExpression: 'REMOVE #formerly, #since',
        ConditionExpression: '#formerly = :old',
        ExpressionAttributeNames: { '#formerly': 'formerly', '#since': 'rebindingSince' },
        ExpressionAttributeValues: { ':old': from },
      }),
    );
    report.finished += 1;
  } catch (e) {
    if (!conditionFailed(e)) throw e;
    report.skipped += 1; // erased meanwhile, or finished by another run
  }
}

/** The case's values still under `from` sealed again under `to`; how many are left under `from` after the retries. */
async function resealCase(db: DynamoDBDocumentClient, tableName: string, rebinder: CustomerKeyRebinder, key: Uint8Array, from: string, to: string, caseId: string, report: ResealCustomersReport): Promise<number> {
  const caseKey = { pk: casePk(caseId), sk: CASE_SK };
  for (let attempt = 0; ; attempt++) {
    const raw = (await db.send(new GetCommand({ TableName: tableName, Key: caseKey, ConsistentRead: true }))).Item;
    const read = raw ? CaseItem.parse(raw) : undefined;
    if (!read || read.erasedAt !== undefined) return 0;
    let left = 0;
    for (const [field, sealed] of Object.entries(read.sealed ?? {})) {
      const resealed = await rebinder.reseal(key, from, to, { caseId, field }, sealed);
      if (resealed === undefined) continue; // under the new name already
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseKey,
            UpdateExpression: 'SET #sealed.#field = :new',
            ConditionExpression: '#sealed.#field = :read',
            ExpressionAttributeNames: { '#sealed': 'sealed', '#field': field },
            ExpressionAttributeValues: { ':new': resealed, ':read': sealed },
          }),
        );
        report.values += 1;
      } catch (e) {
        if (!conditionFailed(e)) throw e;
        left += 1; // changed since the read (a correction, another run, an erasure): read again
      }
    }
    if (left === 0 || attempt >= RETRIES) return left;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { table: { type: 'string' }, 'keys-table': { type: 'string' }, 'settle-seconds': { type: 'string' }, help: { type: 'boolean' } } });
  const settle = values['settle-seconds'] === undefined ? DEFAULT_SETTLE_MS / 1000 : Number(values['settle-seconds']);
  if (values.help || !values.table || !values['keys-table'] || !Number.isFinite(settle) || settle < 0) {
    console.log(
      'usage: FIELD_KEY_ARN=<the stack\'s field key> npm run customers:reseal -- --table <case table> --keys-table <customer-keys table> [--settle-seconds 60]   (AWS credentials from the environment; FIELD_MASTER_KEY=<base64> locally)',
    );
    process.exit(values.help ? 0 : 2);
  }
  const { documentClient } = await import('../functions/adapters/dynamodb-client');
  const { kmsMasterKeyring, rawAesMasterKeyring } = await import('../functions/adapters/crypto/envelope-field-cipher');
  const { FIELD_MASTER_KEY, FIELD_KEY_ARN } = process.env;
  if (!FIELD_MASTER_KEY && !FIELD_KEY_ARN) {
    console.error('set FIELD_KEY_ARN (the stack\'s field key) or FIELD_MASTER_KEY (base64, locally)');
    process.exit(2);
  }
  const master = FIELD_MASTER_KEY ? rawAesMasterKeyring(Buffer.from(FIELD_MASTER_KEY, 'base64')) : kmsMasterKeyring(FIELD_KEY_ARN!);
  const done = await resealCustomers(documentClient, values.table, values['keys-table'], master, {
    settleMs: settle * 1000,
    onBound: (r) => console.log(`bound ${r.bound} data keys to the blind index; re-sealing their values after ${settle} s`),
  });
  console.log(`re-sealed ${done.values} values; ${done.finished} data keys no longer name the old key; left ${done.skipped} (erased or changed meanwhile: run again)`);
}
