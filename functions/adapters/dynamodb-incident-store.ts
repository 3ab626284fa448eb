import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError, type IncidentFanOutBatch, type IncidentFanOutCursor, type IncidentFanOutPlan, type IncidentLink, type IncidentStore } from '../core/ports';
import * as z from '../domain/zod';
import { IncidentSchema, type Incident } from '../domain/incident/incident';

/**
 * Incidents in the case table: `INCIDENTS` / `<id>` holds every incident in one partition (a handful a year, read
 * whole by the banner and the console), `INCIDENT#<id>` / `CASE#<case id>` one item per linked case. Changes are
 * guarded by the incident's `version`, so two supervisors posting at once cannot lose an update. `FANOUT#<id>` /
 * `<batch id>`: a queued batch of the cases to link or tell an update, inserted once; `FANOUT#<id>` / `<cursor id>`: where
 * a fan-out too large for one write continues. The change stream's `incident-fan-out` filter (their pk prefix) delivers
 * each insertion to the fan-out consumer; the table's TTL removes them after a week. An incident's change and the
 * fan-out it queues are one transaction (at most 100 items: fan-out-plan.ts bounds a plan to fit), so a crash can
 * never keep an update that no customer will hear of.
 */
const LIST_PK = 'INCIDENTS';
const linksPk = (id: string) => `INCIDENT#${id}`;
export const FAN_OUT_PK_PREFIX = 'FANOUT#';
const fanOutPk = (id: string) => `${FAN_OUT_PK_PREFIX}${id}`;
const FAN_OUT_TTL_SECONDS = 7 * 24 * 3600;
const TRANSACTION_ITEMS = 100;
const FanOutItemSchema = z.object({ incidentId: z.string(), kind: z.enum(['link', 'update']), batchId: z.string(), updateSeq: z.number().check(z.int(), z.positive()), caseIds: z.array(z.string()), queuedAt: z.string() });
const FanOutCursorSchema = z.object({ incidentId: z.string(), kind: z.enum(['link', 'update']), cursorId: z.string(), updateSeq: z.number().check(z.int(), z.positive()), after: z.string(), nextBatch: z.number().check(z.int(), z.positive()), queuedAt: z.string() });
const expiresAt = (queuedAt: string) => Math.floor(Date.parse(queuedAt) / 1000) + FAN_OUT_TTL_SECONDS;
/** A condition failed on one item of the transaction (`at`, or any when omitted): the write lost a race or was done before. */
const refusedAt = (e: unknown, at?: number) => e instanceof TransactionCanceledException && Boolean((at === undefined ? e.CancellationReasons : e.CancellationReasons?.slice(at, at + 1))?.some((r) => r.Code === 'ConditionalCheckFailed'));

export class DynamoIncidentStore implements IncidentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(incident: Incident, fanOut?: IncidentFanOutPlan): Promise<'created' | 'exists'> {
    const put = { Put: { TableName: this.tableName, Item: { pk: LIST_PK, sk: incident.id, entity: 'incident', incident }, ConditionExpression: 'attribute_not_exists(pk)' } };
    try {
      await this.transact([put, ...this.fanOutPuts(fanOut)]);
      return 'created';
    } catch (e) {
      if (refusedAt(e, 0)) return 'exists';
      throw e;
    }
  }

  async get(id: string): Promise<Incident | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: LIST_PK, sk: id }, ConsistentRead: true }));
    return out.Item ? IncidentSchema.parse(out.Item.incident) : undefined;
  }

  async save(read: Incident, next: Incident, fanOut?: IncidentFanOutPlan): Promise<void> {
    const put = {
      Put: {
        TableName: this.tableName,
        Item: { pk: LIST_PK, sk: read.id, entity: 'incident', incident: { ...next, version: read.version + 1 } },
        ConditionExpression: 'incident.version = :read',
        ExpressionAttributeValues: { ':read': read.version },
      },
    };
    try {
      await this.transact([put, ...this.fanOutPuts(fanOut)]);
    } catch (e) {
      if (refusedAt(e, 0)) throw new ConcurrentChangeError(`incident ${read.id} changed`);
      throw e;
    }
  }

  async list(): Promise<Incident[]> {
    const items = await this.queryAll(LIST_PK);
    return items.map((i) => IncidentSchema.parse(i.incident)).sort((a, b) => b.declaredAt.localeCompare(a.declaredAt));
  }

  async link(incidentId: string, caseId: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: linksPk(incidentId), sk: `CASE#${caseId}` },
        UpdateExpression: 'SET entity = :entity, incidentId = :incident, caseId = :case, linkedAt = if_not_exists(linkedAt, :at)',
        ExpressionAttributeValues: { ':entity': 'incident-link', ':incident': incidentId, ':case': caseId, ':at': at },
      }),
    );
  }

  async links(incidentId: string): Promise<IncidentLink[]> {
    const items = await this.queryAll(linksPk(incidentId));
    return items
      .map((i) => ({ incidentId: String(i.incidentId), caseId: String(i.caseId), linkedAt: String(i.linkedAt), ...(i.closed ? { closed: i.closed as NonNullable<IncidentLink['closed']> } : {}) }))
      .sort((a, b) => a.caseId.localeCompare(b.caseId));
  }

  async closeLink(incidentId: string, caseId: string, closed: NonNullable<IncidentLink['closed']>): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: linksPk(incidentId), sk: `CASE#${caseId}` },
          UpdateExpression: 'SET closed = :closed',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':closed': closed },
        }),
      );
    } catch (e) {
      // No such link: nothing to close (the memory twin ignores it too).
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async queueFanOut(plan: IncidentFanOutPlan): Promise<void> {
    const puts = this.fanOutPuts(plan);
    if (puts.length === 0) return;
    try {
      await this.transact(puts);
    } catch (e) {
      // An item of the plan is already queued: a redelivered cursor queued it all before (the write is all or none).
      if (!refusedAt(e)) throw e;
    }
  }

  async fanOutBatch(incidentId: string, batchId: string): Promise<IncidentFanOutBatch | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: fanOutPk(incidentId), sk: batchId }, ConsistentRead: true }));
    if (out.Item?.entity !== 'incident-fan-out') return undefined;
    const { incidentId: id, kind, batchId: batch, updateSeq, caseIds, queuedAt } = FanOutItemSchema.parse(out.Item);
    return { incidentId: id, kind, batchId: batch, updateSeq, caseIds, queuedAt };
  }

  async fanOutCursor(incidentId: string, cursorId: string): Promise<IncidentFanOutCursor | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: fanOutPk(incidentId), sk: cursorId }, ConsistentRead: true }));
    if (out.Item?.entity !== 'incident-fan-out-cursor') return undefined;
    const { incidentId: id, kind, cursorId: cursor, updateSeq, after, nextBatch, queuedAt } = FanOutCursorSchema.parse(out.Item);
    return { incidentId: id, kind, cursorId: cursor, updateSeq, after, nextBatch, queuedAt };
  }

  /** Each fan-out item inserted once (conditional puts): the stream sees one insertion per item, and a queued batch never changes. */
  private fanOutPuts(plan: IncidentFanOutPlan | undefined) {
    const put = (item: Record<string, unknown>) => ({ Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
    return [
      ...(plan?.batches ?? []).map((b) => put({ pk: fanOutPk(b.incidentId), sk: b.batchId, entity: 'incident-fan-out', ...b, expiresAt: expiresAt(b.queuedAt) })),
      ...(plan?.cursor ? [put({ pk: fanOutPk(plan.cursor.incidentId), sk: plan.cursor.cursorId, entity: 'incident-fan-out-cursor', ...plan.cursor, expiresAt: expiresAt(plan.cursor.queuedAt) })] : []),
    ];
  }

  private async transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
    if (items.length > TRANSACTION_ITEMS) throw new Error(`an incident write of ${items.length} items exceeds a DynamoDB transaction (${TRANSACTION_ITEMS}); fan-out-plan.ts bounds it`);
    await this.client.send(new TransactWriteCommand({ TransactItems: items }));
  }

  private async queryAll(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
