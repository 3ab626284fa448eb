import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError, type IncidentLink, type IncidentStore } from '../core/ports';
import { IncidentSchema, type Incident } from '../domain/incident/incident';

/**
 * Incidents in the case table: `INCIDENTS` / `<id>` holds every incident in one partition (a handful a year, read
 * whole by the banner and the console), `INCIDENT#<id>` / `CASE#<case id>` one item per linked case. Changes are
 * guarded by the incident's `version`, so two supervisors posting at once cannot lose an update.
 */
const LIST_PK = 'INCIDENTS';
const linksPk = (id: string) => `INCIDENT#${id}`;

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
