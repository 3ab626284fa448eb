import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError, type IncidentFanOutBatch, type IncidentLink, type IncidentStore } from '../core/ports';
import * as z from 'zod';
import { IncidentSchema, type Incident } from '../domain/incident/incident';

/**
 * Incidents in the case table: `INCIDENTS` / `<id>` holds every incident in one partition (a handful a year, read
 * whole by the banner and the console), `INCIDENT#<id>` / `CASE#<case id>` one item per linked case. Changes are
 * guarded by the incident's `version`, so two supervisors posting at once cannot lose an update. `FANOUT#<id>` /
 * `<batch id>`: a queued batch of the cases to link or tell an update, inserted once; the change stream's `incident-fan-out`
 * filter (its pk prefix) delivers each insertion to the fan-out consumer; the table's TTL removes it after a week.
 */
const LIST_PK = 'INCIDENTS';
const linksPk = (id: string) => `INCIDENT#${id}`;
export const FAN_OUT_PK_PREFIX = 'FANOUT#';
const fanOutPk = (id: string) => `${FAN_OUT_PK_PREFIX}${id}`;
const FAN_OUT_TTL_SECONDS = 7 * 24 * 3600;
const FanOutItemSchema = z.object({ incidentId: z.string(), kind: z.enum(['link', 'update']), batchId: z.string(), updateSeq: z.number().int().positive(), caseIds: z.array(z.string()), queuedAt: z.string() });

export class DynamoIncidentStore implements IncidentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(incident: Incident): Promise<'created' | 'exists'> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: LIST_PK, sk: incident.id, entity: 'incident', incident }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return 'created';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'exists';
      throw e;
    }
  }

  async get(id: string): Promise<Incident | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: LIST_PK, sk: id }, ConsistentRead: true }));
    return out.Item ? IncidentSchema.parse(out.Item.incident) : undefined;
  }

  async save(read: Incident, next: Incident): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: LIST_PK, sk: read.id, entity: 'incident', incident: { ...next, version: read.version + 1 } },
          ConditionExpression: 'incident.version = :read',
          ExpressionAttributeValues: { ':read': read.version },
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new ConcurrentChangeError(`incident ${read.id} changed`);
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

  async queueFanOut(batches: readonly IncidentFanOutBatch[]): Promise<void> {
    // One conditional put per batch (a batch write takes no condition): a re-queued batch is refused, so the stream
    // sees one insertion per batch, whoever queues it again.
    await Promise.all(
      batches.map(async (b) => {
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: fanOutPk(b.incidentId), sk: b.batchId, entity: 'incident-fan-out', ...b, expiresAt: Math.floor(Date.parse(b.queuedAt) / 1000) + FAN_OUT_TTL_SECONDS },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (e) {
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        }
      }),
    );
  }

  async fanOutBatch(incidentId: string, batchId: string): Promise<IncidentFanOutBatch | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: fanOutPk(incidentId), sk: batchId }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { incidentId: id, kind, batchId: batch, updateSeq, caseIds, queuedAt } = FanOutItemSchema.parse(out.Item);
    return { incidentId: id, kind, batchId: batch, updateSeq, caseIds, queuedAt };
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
