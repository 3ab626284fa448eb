import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LegalHoldStore } from '../core/ports';
import { ManualHoldSchema, type ManualHold } from '../domain/privacy/legal-hold';

/**
 * Manual legal holds in the case table: `LEGALHOLD#<case id>` / `HOLD`, one item per held case, outside the case's
 * own partition so that erasure's rewrite of the case items never meets it and the hold functions' write grant
 * stays on `LEGALHOLD#*` alone. No TTL: a hold lasts until an admin releases it.
 */
export const legalHoldPk = (caseId: string): string => `LEGALHOLD#${caseId}`;
const SK = 'HOLD';

export class DynamoLegalHoldStore implements LegalHoldStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(caseId: string): Promise<ManualHold | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: legalHoldPk(caseId), sk: SK }, ConsistentRead: true }));
    return out.Item ? ManualHoldSchema.parse(out.Item.hold) : undefined;
  }

  async place(hold: ManualHold): Promise<'placed' | 'held'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: legalHoldPk(hold.caseId), sk: SK, entity: 'legal_hold', hold: ManualHoldSchema.parse(hold) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'placed';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'held';
      throw e;
    }
  }

  async release(caseId: string): Promise<ManualHold | undefined> {
    const out = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: legalHoldPk(caseId), sk: SK }, ReturnValues: 'ALL_OLD' }));
    return out.Attributes ? ManualHoldSchema.parse(out.Attributes.hold) : undefined;
  }
}
