import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseStore } from '../../core/ports';
import { FINAL, SENT_MESSAGE_TTL_MS, type ChannelStore } from './channel-store';

/**
 * The channels' items in the single table (docs/contracts.md "Channels"): `CLAIM#<key>` / `CLAIM` (a conditional put
 * that also wins over an expired claim, since TTL deletes lazily), `SOCIAL#<platform>#<sender id>` / `LINK`, and
 * `SENT#<message id key>` / `SENT`. Case reads go through the case store.
 */
export class DynamoChannelStore implements ChannelStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cases: Pick<CaseStore, 'get'>,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `CLAIM#${key}`, sk: 'CLAIM', expiresAt: Math.ceil(expiresAt / 1000) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(this.now() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `CLAIM#${key}`, sk: 'CLAIM' } }));
  }

  async link(platform: string, senderId: string, caseId: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: `SOCIAL#${platform}#${senderId}`, sk: 'LINK', caseId } }));
  }

  async caseOf(platform: string, senderId: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: `SOCIAL#${platform}#${senderId}`, sk: 'LINK' }, ConsistentRead: true }));
    return typeof out.Item?.caseId === 'string' ? out.Item.caseId : undefined;
  }

  async openCaseOf(platform: string, senderId: string): Promise<string | undefined> {
    const caseId = await this.caseOf(platform, senderId);
    const theCase = caseId ? await this.cases.get(caseId) : undefined;
    return theCase && !FINAL.has(theCase.status) ? theCase.id : undefined;
  }

  async recordSent(key: string, caseId: string): Promise<void> {
    const expiresAt = Math.ceil((this.now() + SENT_MESSAGE_TTL_MS) / 1000);
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: `SENT#${key}`, sk: 'SENT', caseId, expiresAt } }));
  }

  async caseForSentMessage(keys: readonly string[]): Promise<string | undefined> {
    for (const key of keys) {
      const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: `SENT#${key}`, sk: 'SENT' } }));
      if (typeof out.Item?.caseId === 'string') return out.Item.caseId;
    }
    return undefined;
  }

  async customerOf(caseId: string): Promise<{ email: string } | undefined> {
    const theCase = await this.cases.get(caseId);
    return theCase ? { email: theCase.customer.email } : undefined;
  }
}
