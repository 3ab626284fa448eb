import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { ItemChange } from './record-kpi-facts';

/**
 * DynamoDB stream records (NEW_AND_OLD_IMAGES) as plain items, in stream order. The `aws-lambda` typings declare
 * their own AttributeValue; the wire shape is the SDK's, which `unmarshall` reads.
 */
export function itemChangesOf(records: readonly DynamoDBRecord[]): ItemChange[] {
  return records.map((r) => {
    const image = (i: unknown) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);
    const oldImage = image(r.dynamodb?.OldImage);
    const newImage = image(r.dynamodb?.NewImage);
    return { ...(oldImage ? { oldImage } : {}), ...(newImage ? { newImage } : {}) };
  });
}
