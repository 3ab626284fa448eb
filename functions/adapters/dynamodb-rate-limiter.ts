import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../core/ports';

/**
 * Fixed-window counters in the case table: `RATE#<key>` / `<window start>`, one atomic ADD per hit, expiring
 * (TTL) a window after the window ends. Keys name what is limited by hash only (an address by its blind index, a client by its hash),
 * never the address itself.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async hit(key: string, limit: number, windowSeconds: number) {
    const now = this.clock().getTime() / 1000;
    const windowStart = Math.floor(now / windowSeconds) * windowSeconds;
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RATE#${key}`, sk: String(windowStart) },
        UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires), entity = :entity',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':expires': windowStart + 2 * windowSeconds, ':entity': 'rate' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = Number(out.Attributes?.count ?? 1);
    return count <= limit ? { allowed: true as const, window: windowStart } : { allowed: false as const, retryAfterSeconds: Math.max(1, Math.ceil(windowStart + windowSeconds - now)), window: windowStart };
  }

  async refund(key: string, window: number) {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RATE#${key}`, sk: String(window) },
          UpdateExpression: 'ADD #count :minusOne',
          // Never below zero, and never an item without its expiry (a window TTL already removed stays removed).
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e;
    }
  }
}
