import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// The floor under any handler that calls AWS (bench/first-response-breakdown.ts): the SDK's DynamoDB client, made at
// module scope as ours are, and one GetItem on the case table; no Powertools, no schemas, no policy.
const client = new DynamoDBClient({});

export const handler = async () => {
  await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'hello' }, sk: { S: 'hello' } } }));
  return { statusCode: 200, body: 'hello' };
};
