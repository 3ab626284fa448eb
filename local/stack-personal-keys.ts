import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localPersonalKeyWrapping, PersonalKeys } from '../functions/adapters/crypto/personal-keys';
import { CUSTOMER_KEYS_TABLE_LOGICAL_ID } from '../infra/constructs/field-keys';
import type { LocalStack } from './stack';

/**
 * The personal-data keys of a running local stack (its customer-keys table, wrapped under the field master key it
 * passes its handlers), for a test's or a bench's own case store on the stack's table: the handlers seal what they
 * write, so a store without them would read the stack's cases as erased (and write its own unsealed).
 */
export function stackPersonalKeys(stack: Pick<LocalStack, 'env' | 'tables'>, doc: DynamoDBDocumentClient): PersonalKeys {
  const table = stack.tables.find((t) => t.logicalId === CUSTOMER_KEYS_TABLE_LOGICAL_ID);
  if (!table) throw new Error('the stack should have the customer-keys table');
  return new PersonalKeys(doc, table.tableName, localPersonalKeyWrapping(Buffer.from(stack.env.FIELD_MASTER_KEY!, 'base64')));
}
