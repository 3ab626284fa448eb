import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * DynamoDB capacity as the service itself counts it: every metered call asks for `ReturnConsumedCapacity: INDEXES`
 * and the meter adds up what comes back, table and each index apart. DynamoDB Local answers it with the same rules
 * as the service (item size rounded up per 1 KB written and 4 KB read, transactions doubled, index writes counted),
 * so the bench prices what the code really writes instead of an estimate of it.
 */

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand', 'GetCommand', 'BatchGetCommand', 'TransactGetCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);

const REFUSED = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

interface Consumed {
  TableName?: string;
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

export interface CapacityUnits {
  /** Read request units (strongly consistent reads count 1 per 4 KB). */
  read: number;
  /** Write request units on the table itself. */
  tableWrite: number;
  /** Write request units the global secondary indexes add (their projections). */
  indexWrite: number;
  /** Calls metered. */
  calls: number;
  /** Of the above, the units spent on the customer-keys table (reads of a key, the checks in each sealed write). */
  keyTable: { read: number; write: number };
  /**
   * Key items read (each is opened: a KMS Decrypt on AWS) and keys made (a KMS Encrypt), counted from the calls to
   * the customer-keys table. The local stack wraps keys with AES under the field master key, not KMS, so these are
   * the KMS requests AWS would get for the same calls.
   */
  kms: { decrypt: number; encrypt: number };
  /**
   * Writes refused by their condition (a conditional check failed, a transaction cancelled): DynamoDB answers them
   * without ConsumedCapacity but bills them (a refused conditional write by the existing item's size, at least 1 WRU).
   */
  refusedWrites: number;
}

const zero = (): CapacityUnits => ({ read: 0, tableWrite: 0, indexWrite: 0, calls: 0, keyTable: { read: 0, write: 0 }, kms: { decrypt: 0, encrypt: 0 }, refusedWrites: 0 });

export class CapacityMeter {
  private units = zero();
  private readonly attached = new WeakSet<object>();

  /** `keyTable`: the customer-keys table's name (functions/adapters/crypto/personal-keys.ts), counted apart. */
  constructor(private readonly keyTable?: string) {}

  /** Meters every call the client sends from now on (a client is metered once, however often it is attached). */
  attach(client: DynamoDBDocumentClient): void {
    if (this.attached.has(client.middlewareStack)) return;
    this.attached.add(client.middlewareStack);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName ?? '');
        const kind = READS.has(name) ? 'read' : WRITES.has(name) ? 'write' : undefined;
        const input = args.input as Record<string, unknown>;
        if (kind && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'INDEXES';
        const result = await next(args).catch((e: unknown) => {
          if (kind === 'write' && REFUSED.has((e as Error)?.name)) this.units.refusedWrites += 1;
          throw e;
        });
        if (kind) {
          this.add(kind, (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
          this.countKms(name, input, result.output as { Item?: Record<string, unknown> });
        }
        return result;
      },
      { step: 'initialize', name: 'redressCapacityMeter' },
    );
  }

  private add(kind: 'read' | 'write', consumed: Consumed | Consumed[] | undefined): void {
    this.units.calls += 1;
    for (const c of [consumed ?? []].flat()) {
      const index = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((sum, i) => sum + (i.CapacityUnits ?? 0), 0);
      const table = c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - index;
      if (kind === 'read') this.units.read += table + index;
      else {
        this.units.tableWrite += table;
        this.units.indexWrite += index;
      }
      if (this.keyTable !== undefined && c.TableName === this.keyTable) this.units.keyTable[kind] += table + index;
    }
  }

  /**
   * A key item read and found is opened (PersonalKeys reads a key only when its cache has none fresh); an update of a
   * key item, alone or in a transaction, stores a key just wrapped. A transaction's ConditionCheck on the key (every
   * sealed write has one) opens nothing.
   */
  private countKms(command: string, input: Record<string, unknown>, output: { Item?: Record<string, unknown> }): void {
    if (this.keyTable === undefined) return;
    if ((command === 'GetCommand' || command === 'GetItemCommand') && input.TableName === this.keyTable && output.Item !== undefined) this.units.kms.decrypt += 1;
    if ((command === 'UpdateCommand' || command === 'UpdateItemCommand') && input.TableName === this.keyTable) this.units.kms.encrypt += 1;
    if (command === 'TransactWriteCommand' || command === 'TransactWriteItemsCommand') {
      for (const item of (input.TransactItems as { Update?: { TableName?: string } }[] | undefined) ?? []) if (item.Update?.TableName === this.keyTable) this.units.kms.encrypt += 1;
    }
  }

  /** The units counted since the last call, and starts counting afresh. */
  take(): CapacityUnits {
    const taken = this.units;
    this.units = zero();
    return taken;
  }
}
