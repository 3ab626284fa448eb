import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Every item a query matches, page after page, through the SDK's own paginator (one place that follows
 * `LastEvaluatedKey`). `enough` stops it after the page that satisfied the caller, who trims the surplus.
 */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput, enough?: (items: readonly Item[]) => boolean): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: db }, input)) {
    items.push(...(page.Items ?? []));
    if (enough?.(items)) break;
  }
  return items;
}
