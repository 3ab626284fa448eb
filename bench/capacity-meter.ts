import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * DynamoDB capacity as the service itself counts it: every metered call asks for `ReturnConsumedCapacity: INDEXES`
 * and the meter adds up what comes back, table and each index apart. DynamoDB Local answers it with the same rules
 * as the service (item size rounded up per 1 KB written and 4 KB read, transactions doubled, index writes counted),
 * so the bench prices what the code really writes instead of an estimate of it.
 */

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand', 'GetCommand', 'BatchGetCommand', 'TransactGetCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);

interface Consumed {
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
}

const zero = (): CapacityUnits => ({ read: 0, tableWrite: 0, indexWrite: 0, calls: 0 });

export class CapacityMeter {
  private units = zero();
  private readonly attached = new WeakSet<object>();

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
        const result = await next(args);
        if (kind) this.add(kind, (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
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
    }
  }

  /** The units counted since the last call, and starts counting afresh. */
  take(): CapacityUnits {
    const taken = this.units;
    this.units = zero();
    return taken;
  }
}
