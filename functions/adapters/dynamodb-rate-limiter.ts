import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../core/ports';
import { windowHit, type WindowHit } from '../domain/rate-window';

/**
 * The update that counts one hit in its window's counter, `RATE#<key>` / `<window start>`, on condition that the
 * window still admits it (a refused hit counts nothing), expiring (TTL) a window after the window ends. Keys name what
 * is limited by hash only (an address by its blind index, a client by its hash), never the address itself. The one
 * definition of a counter item: {@link DynamoRateLimiter.hit} sends it alone, the case store's create puts intake's
 * in its transaction (a refused hit cancels the create).
 */
export const windowHitUpdate = (tableName: string, hit: WindowHit) => ({
  TableName: tableName,
  Key: { pk: `RATE#${hit.key}`, sk: String(hit.window) },
  UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires), entity = :entity',
  ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
  ExpressionAttributeNames: { '#count': 'count' },
  ExpressionAttributeValues: { ':one': 1, ':expires': hit.expiresAt, ':entity': 'rate', ':limit': hit.limit },
});

/** Fixed-window counters in the case table (functions/domain/rate-window.ts), one conditional update per hit. */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async hit(key: string, limit: number, windowSeconds: number) {
    const hit = windowHit(key, limit, windowSeconds, this.clock());
    try {
      await this.client.send(new UpdateCommand(windowHitUpdate(this.tableName, hit)));
      return { allowed: true as const, window: hit.window };
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e;
      return { allowed: false as const, retryAfterSeconds: hit.retryAfterSeconds, window: hit.window };
    }
  }
}
