import { localPersonalKeyWrapping, openItem } from '../../functions/adapters/crypto/personal-keys';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** API Gateway HTTP API (payload 2.0) events and a Lambda context, as the gateway would send them. */

export function httpEvent(init: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  pathParameters?: Record<string, string>;
  isBase64Encoded?: boolean;
}): APIGatewayProxyEventV2 {
  const method = init.method ?? 'POST';
  const path = init.path ?? '/complaints';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: init.headers ?? {},
    body: init.body,
    isBase64Encoded: init.isBase64Encoded ?? false,
    pathParameters: init.pathParameters,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
  };
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

export type Result = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

export const json = (r: Result): Record<string, unknown> => JSON.parse(r.body) as Record<string, unknown>;

export const TEST_ENV = {
  TABLE_NAME: 'redress-test',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:ComplaintWorkflow',
  POLICY_PRESET: 'promptearn',
  PUBLIC_BASE_URL: 'https://redress.example',
  SENDER_ADDRESS: 'help@promptearn.example',
  SES_CONFIGURATION_SET: 'redress',
  REPLY_SIGNING_SECRETS: 'test-signing-secret-of-at-least-32-characters',
  STAGE: 'test',
  // The local master key of sealed fields (32 bytes, base64), as the local stack passes it.
  FIELD_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  CUSTOMER_KEYS_TABLE: 'redress-test-customer-keys',
  // The inbound-mail bucket, as the erasing functions name it (they delete the erased cases' raw emails there).
  RAW_MAIL_BUCKET: 'redress-test-inbound-mail',
  // The customer index secret (HMAC key of customers' keys), as the local stack passes it (test/support/customer-index.ts).
  CUSTOMER_INDEX_SECRET: 'test-customer-index-secret-of-at-least-32-characters',
  USER_POOL_ID: 'us-east-1_test',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

/** The personal-data key every customer has under {@link mockPersonalKeys} with `known`. */
export const TEST_PERSONAL_KEY = Buffer.alloc(32, 9);

/**
 * The customer-keys table on a mocked document client. Without `known`, no customer has a personal-data key until a
 * write makes one (the store's `if_not_exists` update answers the key it kept), as DynamoDB would; with it, every
 * customer has {@link TEST_PERSONAL_KEY}. Call after the other `on(GetCommand)`/`on(UpdateCommand)` defaults.
 */
export function mockPersonalKeys(ddb: { on: (command: never, input?: unknown) => { callsFake: (f: (input: { Key?: { pk?: string }; ExpressionAttributeValues?: Record<string, unknown> }) => unknown) => unknown } }, get: unknown, update: unknown, known = false): void {
  ddb.on(get as never, { TableName: TEST_ENV.CUSTOMER_KEYS_TABLE }).callsFake(async (input) => (known ? { Item: { pk: input.Key?.pk, personal: await testWrapping().wrap(TEST_PERSONAL_KEY, String(input.Key?.pk)) } } : {}));
  ddb.on(update as never, { TableName: TEST_ENV.CUSTOMER_KEYS_TABLE }).callsFake((input) => ({ Attributes: { personal: input.ExpressionAttributeValues?.[':wrapped'] } }));
}

const testWrapping = () => localPersonalKeyWrapping(Buffer.from(TEST_ENV.FIELD_MASTER_KEY, 'base64'));

/** The personal parts a handler sealed into an item: under the wrapped key it wrote, else under {@link TEST_PERSONAL_KEY}. */
export async function openedPersonal(item: Record<string, unknown>, wrapped?: string): Promise<Record<string, unknown>> {
  const key = wrapped === undefined ? TEST_PERSONAL_KEY : await testWrapping().unwrap(wrapped, String(item.personalKey));
  return openItem(key, String(item.pk), String(item.sk), String(item.personal)) as Record<string, unknown>;
}
