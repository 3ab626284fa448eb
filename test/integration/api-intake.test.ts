import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from '../support/eventually';
import { CUSTOMER_KEYS_TABLE_LOGICAL_ID } from '../../infra/constructs/field-keys';

/**
 * Complaint intake end to end on the local stack (`npm start`'s runtime: the synthesized template, DynamoDB
 * Local, the Step Functions service running the real ASL, the SES catcher, the HTTP gateway), through HTTP and
 * the real AWS SDK clients, as a customer and an operator would see it.
 */


let stack: LocalStack;
let doc: DynamoDBDocumentClient;
let sfn: SFNClient;
let tableName: string;

beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => {} });
  const clientConfig = { region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ ...clientConfig, endpoint: stack.urls.dynamodb }));
  sfn = new SFNClient({ ...clientConfig, endpoint: stack.urls.stepfunctions });
  tableName = stack.tables[0]!.tableName;
});
afterAll(async () => {
  doc?.destroy();
  sfn?.destroy();
  await stack?.stop();
});

const complaint = (email: string) => ({
  customer: { name: 'Ada Obi', email },
  category: 'commission_dispute',
  subject: 'Commission missing',
  description: 'My prospect bought the course but my dashboard shows nothing.',
  details: { prospectName: 'Bola', prospectEmail: 'bola@example.com', saleDate: '2026-11-20' },
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${stack.urls.api}/complaints`, { method: 'POST', headers, body });


interface CaughtEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}
async function mailTo(address: string): Promise<CaughtEmail[]> {
  const { emails } = (await (await fetch(stack.urls.sesStore)).json()) as { emails: CaughtEmail[] };
  return emails.filter((e) => e.destination.to.includes(address));
}

/** Cases and idempotency records in the table (timeline events are left out: running workflows add them). */
const itemCount = async () =>
  (
    await doc.send(
      new ScanCommand({
        TableName: tableName,
        Select: 'COUNT',
        ConsistentRead: true,
        FilterExpression: 'sk IN (:theCase, :idem)',
        ExpressionAttributeValues: { ':theCase': 'CASE', ':idem': 'IDEMPOTENCY' },
      }),
    )
  ).Count ?? 0;

describe('complaint intake on the local stack', () => {
  it('creates the case, starts its workflow by case id, mails the link, and the link opens the case', async () => {
    const email = `intake-${Date.now()}@example.com`;
    const res = await post(JSON.stringify(complaint(email)));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; caseNumber: string; accessToken: string; statusUrl: string };
    expect(res.headers.get('location')).toBe(`/complaints/${created.id}`);
    expect(created.caseNumber).toMatch(/^PE-\d{4}-\d{6}$/);

    const executions = await eventually(async () => {
      const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachines[0]!.arn }));
      return out.executions?.find((e) => e.name === created.id);
    }, 'the execution');
    expect(executions.name).toBe(created.id);

    const [mail] = await eventually(async () => ((await mailTo(email)).length ? mailTo(email) : undefined), 'the acknowledgment email');
    expect(mail!.subject).toContain(created.caseNumber);
    const link = /\/case\.html\?id=([0-9a-f-]+)#token=([A-Za-z0-9_-]+)/.exec(mail!.body.text ?? '');
    expect(link?.[1]).toBe(created.id);
    expect(link?.[2]).toBe(created.accessToken);

    const view = await eventually(async () => {
      const r = await fetch(`${stack.urls.api}/complaints/${created.id}`, { headers: { authorization: `Bearer ${link![2]}` } });
      const body = (await r.json()) as { status: string; timeline: { type: string }[] };
      return body.timeline.some((e) => e.type === 'acknowledged') ? body : undefined;
    }, 'the acknowledged case');
    expect(view.status).toBe('acknowledged');

    const wrong = await fetch(`${stack.urls.api}/complaints/${created.id}`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');

    // The plain token was only kept until the email carried it.
    const stored = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CASE#${created.id}`, sk: 'CASE' } }));
    expect(stored.Item?.accessTokenForDelivery).toBeUndefined();
    expect(JSON.stringify(stored.Item)).not.toContain(created.accessToken);
  });

  it('returns the same complaint for a repeated Idempotency-Key and 409 for another body under it', async () => {
    const body = JSON.stringify(complaint(`idem-${Date.now()}@example.com`));
    const headers = { 'content-type': 'application/json', 'idempotency-key': `key-${Date.now()}` };
    const first = await post(body, headers);
    const before = await itemCount();
    const second = await post(body, headers);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(await itemCount()).toBe(before);
    const other = await post(JSON.stringify({ ...complaint('x@example.com'), subject: 'different' }), headers);
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers bad input with a problem naming the field and writes nothing', async () => {
    const before = await itemCount();
    const cases: [Promise<Response>, number, string | undefined][] = [
      [post(JSON.stringify({ ...complaint('a@example.com'), details: { prospectName: 'B', saleDate: '2026-11-20' } })), 422, 'details.prospectEmail'],
      [post(JSON.stringify({ ...complaint('a@example.com'), category: 'nope' })), 422, 'category'],
      [post('{"customer":'), 400, 'body'],
      [post(JSON.stringify(complaint('a@example.com')), { 'content-type': 'text/plain' }), 415, undefined],
      [post(JSON.stringify({ ...complaint('a@example.com'), description: 'x'.repeat(80_000) })), 413, undefined],
    ];
    for (const [pending, status, field] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { status: number; errors?: { field: string }[] };
      expect(problem.status).toBe(status);
      if (field) expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    expect(await itemCount()).toBe(before);
  });

  it('serves the categories and an OpenAPI 3.1 document', async () => {
    const categories = (await (await fetch(`${stack.urls.api}/categories`)).json()) as { categories: { slug: string }[] };
    expect(categories.categories.map((c) => c.slug)).toContain('payout_delay');
    const doc31 = (await (await fetch(stack.urls.openapi)).json()) as { openapi: string };
    expect(doc31.openapi).toBe('3.1.0');
  });

  it('seals a full account number with the local master key of the stack: stored sealed and masked, under a wrapped customer key', async () => {
    const res = await post(
      JSON.stringify({
        customer: { name: 'Ada Obi', email: 'sealed-intake@example.com' },
        category: 'payout_delay',
        subject: 'Withdrawal missing',
        description: 'My withdrawal has not arrived.',
        details: { bankName: 'GTBank', accountLast4: '4321', accountNumber: '0987654321', amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const item = (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CASE#${id}`, sk: 'CASE' } }))).Item!;
    // The details (the mask with them) are sealed with the rest of the personal data under the personal-data key.
    expect(item).not.toHaveProperty('details');
    expect(item.personal).toMatch(/^v1\./);
    expect(typeof item.sealed.accountNumber).toBe('string');
    expect(JSON.stringify(item)).not.toContain('0987654321');
    expect(JSON.stringify(item)).not.toContain('Ada Obi');
    // The wrapped customer key lives in its own table, not in the case table.
    const keysTable = stack.tables.find((t) => t.logicalId === CUSTOMER_KEYS_TABLE_LOGICAL_ID)!;
    const keys = (await doc.send(new ScanCommand({ TableName: keysTable.tableName }))).Items ?? [];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => typeof k.wrapped === 'string')).toBe(true);
    expect(keys.every((k) => typeof k.personal === 'string' && !JSON.stringify(k).includes('0987654321'))).toBe(true);
    const inCaseTable = (await doc.send(new ScanCommand({ TableName: tableName, FilterExpression: 'sk = :k', ExpressionAttributeValues: { ':k': 'DATA_KEY' } }))).Items ?? [];
    expect(inCaseTable).toEqual([]);
  });
});
