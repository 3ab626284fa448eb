import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from './tracer';

/**
 * One document client per Lambda container, created when the module loads (connections are reused across
 * invocations). Region and endpoint come from the environment (`AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`
 * locally), which the SDK reads itself.
 */
export const documentClient = DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
