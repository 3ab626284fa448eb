import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../../domain/zod';
import type { CustomerKeyStore, WrappedCustomerKey } from '../../core/ports';

/**
 * Wrapped per-customer data keys in their own table (infra/constructs/field-keys.ts), one item per customer key
 * (`pk`), beside the customer's personal-data key (`personal`, functions/adapters/crypto/personal-keys.ts). Deleting the item is the crypto-shredding step of erasure; the table has no point-in-time recovery and
 * the case table holds no key, so restoring the case table cannot bring a destroyed key back.
 *
 * Earlier versions kept the wrapped keys in the case table (`CUSTOMER#…` / {@link LEGACY_KEY_SK}). Until
 * tools/move-customer-keys.ts has moved them (README, "Deploying to AWS"), a key missing here is looked up there
 * (`legacyTable`: the case table) and `destroy` deletes both, so no value sealed before the move turns unreadable,
 * and no erasure leaves a key behind in the case table.
 *
 * An item may carry `boundTo`: the customer key the data key was made under, when tools/rekey-customers.ts moved it
 * from the unkeyed hash to the blind index; without it the key is bound to its own `pk`. tools/reseal-customers.ts
 * then binds it to its `pk` and keeps the old key as `formerly` until every value sealed under that name is re-sealed.
 */
export const LEGACY_KEY_SK = 'DATA_KEY';
const Item = z.object({ wrapped: z.string().check(z.minLength(1)), boundTo: z.optional(z.string().check(z.minLength(1))), formerly: z.optional(z.string().check(z.minLength(1))) });
const stored = (pk: string, item: Record<string, unknown>): WrappedCustomerKey => {
  const { wrapped, boundTo, formerly } = Item.parse(item);
  return { wrapped, boundTo: boundTo ?? pk, ...(formerly ? { formerly } : {}) };
};

export class DynamoCustomerKeyStore implements CustomerKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly legacyTable?: string,
  ) {}

  async wrapped(customer: string): Promise<WrappedCustomerKey | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: customer }, ConsistentRead: true }));
    // An item may hold only the customer's personal-data key (functions/adapters/crypto/personal-keys.ts) so far.
    if (out.Item?.wrapped !== undefined) return stored(customer, out.Item);
    if (!this.legacyTable) return undefined;
    const legacy = await this.db.send(new GetCommand({ TableName: this.legacyTable, Key: { pk: customer, sk: LEGACY_KEY_SK }, ConsistentRead: true }));
    return legacy.Item ? stored(customer, legacy.Item) : undefined;
  }

  async keep(customer: string, wrapped: string): Promise<WrappedCustomerKey> {
    // Added to the customer's item (which may hold their personal-data key already) unless a data key is there:
    // two first cases of one customer at once both wrap a key, the first kept is the one both use.
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: customer },
        UpdateExpression: 'SET #wrapped = if_not_exists(#wrapped, :wrapped)',
        ExpressionAttributeNames: { '#wrapped': 'wrapped' },
        ExpressionAttributeValues: { ':wrapped': wrapped },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return stored(customer, out.Attributes ?? {});
  }

  async destroy(customer: string): Promise<boolean> {
    const out = await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: customer }, ReturnValues: 'ALL_OLD' }));
    const legacy = this.legacyTable
      ? await this.db.send(new DeleteCommand({ TableName: this.legacyTable, Key: { pk: customer, sk: LEGACY_KEY_SK }, ReturnValues: 'ALL_OLD' }))
      : undefined;
    return out.Attributes !== undefined || legacy?.Attributes !== undefined;
  }
}
