import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CASE_NUMBER_BLOCK } from '../../functions/adapters/dynamodb-case-store';
import { INTAKE_LIMITS } from '../../functions/core/use-cases/file-complaint';
import { hashAccessToken } from '../../functions/domain/access-token';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result, mockPersonalKeys, openedPersonal } from './events';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;

beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/create-complaint')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  // A block of case numbers ending at 132: a container's first complaint is numbered 123.
  ddb.on(UpdateCommand).resolves({ Attributes: { value: 122 + CASE_NUMBER_BLOCK } });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(GetCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:ComplaintWorkflow:x', startDate: new Date() });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  mockPersonalKeys(ddb as never, GetCommand, UpdateCommand);
});
afterEach(() => vi.restoreAllMocks());

const complaint = () => ({
  customer: { name: 'Ada Obi', email: 'ada@example.com' },
  category: 'commission_dispute',
  subject: 'Commission missing',
  description: 'My prospect bought the course but my dashboard shows nothing.',
  details: { prospectName: 'Bola', prospectEmail: 'bola@example.com', saleDate: '2026-11-20' },
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  handler(
    httpEvent({ headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    lambdaContext,
  );

const writes = () => ddb.commandCalls(TransactWriteCommand).length + ddb.commandCalls(UpdateCommand).length;

describe('POST /complaints', () => {
  it('creates the complaint: counter, one transaction with case and first event; the workflow is left to the change stream', async () => {
    const res = await post(complaint());
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body).toMatchObject({ caseNumber: expect.stringMatching(/^PE-\d{4}-000123$/), status: 'received' });
    expect(res.headers.location).toBe(`/complaints/${body.id}`);
    expect(body.statusUrl).toBe(`https://redress.example/case.html?id=${body.id}#token=${body.accessToken}`);
    expect(Object.keys(body.deadlines as object)).toEqual(['acknowledgment', 'firstResponse', 'resolution']);

    const [tx] = ddb.commandCalls(TransactWriteCommand);
    const items = tx!.args[0].input.TransactItems!;
    // Case, first event, the keyless replay record (no Idempotency-Key: remembered 15 minutes for this client), customer
    // list, the two intake limits (per client, per address) and the new customer's personal-data key (in the key
    // table, only if they have none yet).
    expect(items).toHaveLength(7);
    expect([items[4]!.Update, items[5]!.Update]).toMatchObject([
      { Key: { pk: expect.stringMatching(/^RATE#intake:client:/) }, ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit', ExpressionAttributeValues: { ':limit': INTAKE_LIMITS.perClient } },
      { Key: { pk: expect.stringMatching(/^RATE#intake:CUSTOMER#/) }, ExpressionAttributeValues: { ':limit': INTAKE_LIMITS.perAddress } },
    ]);
    const newKey = items[6]!.Update!;
    expect(newKey).toMatchObject({ TableName: TEST_ENV.CUSTOMER_KEYS_TABLE, Key: { pk: expect.stringMatching(/^CUSTOMER#/) }, ConditionExpression: 'attribute_not_exists(#personal)' });
    const theCase = items[0]!.Put!.Item!;
    // The customer, subject and description only sealed, under that key.
    expect(theCase).not.toHaveProperty('customer');
    expect(JSON.stringify(items)).not.toContain('@example');
    expect(await openedPersonal(theCase, newKey.ExpressionAttributeValues![':wrapped'] as string)).toMatchObject({ customer: { email: expect.stringContaining('@') } });
    expect(theCase).toMatchObject({ pk: `CASE#${body.id}`, sk: 'CASE', gsi1pk: 'QUEUE#received' });
    expect(theCase.accessTokenHash).toBe(hashAccessToken(body.accessToken as string));
    expect(items[0]!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[1]!.Put!.Item).toMatchObject({ pk: `CASE#${body.id}`, sk: expect.stringMatching(/^EVENT#.+#000001$/), type: 'received' });
    const replay = items[2]!.Put!.Item!;
    expect(replay).toMatchObject({ pk: expect.stringMatching(/^IDEMPOTENCY#/), sk: 'IDEMPOTENCY', caseId: body.id });
    expect(replay.expiresAt - Math.floor(Date.parse(theCase.createdAt) / 1000)).toBe(15 * 60);
    expect(JSON.stringify(replay)).not.toContain('127.0.0.1');
    // The customer's list of cases (sequencing), under a hash of the address, never the address itself.
    expect(items[3]!.Put!.Item).toMatchObject({ pk: expect.stringMatching(/^CUSTOMER#/), sk: expect.stringMatching(new RegExp(`^CASE#.+#${body.id}$`)), caseId: body.id });
    expect(JSON.stringify(items[3])).not.toContain('@');

    // Nothing after the write on the request path: the new case item on the table's stream starts the workflow.
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('writes the idempotency record in the same transaction, without the raw key or the plain token', async () => {
    const res = await post(complaint(), { 'Idempotency-Key': 'client-key-0001' });
    const body = json(res);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // Case, first event, the record, the customer's list, the two intake limits, the new customer's personal-data key
    // (none in the mock's table).
    expect(items).toHaveLength(7);
    const record = items[2]!.Put!.Item!;
    expect(record.pk).toMatch(/^IDEMPOTENCY#/);
    expect(JSON.stringify(record)).not.toContain('client-key-0001');
    expect(JSON.stringify(record)).not.toContain(body.accessToken as string);
    expect(record.expiresAt).toBeGreaterThan(Date.now() / 1000 + 23 * 3600);
  });

  it('replays the same response (same token) for the same key and body, and writes nothing again', async () => {
    const first = json(await post(complaint(), { 'Idempotency-Key': 'k-2' }));
    const record = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]!.Put!.Item!;
    ddb.on(GetCommand, { Key: { pk: record.pk, sk: 'IDEMPOTENCY' } }).resolves({ Item: record });
    const reordered = { ...complaint(), channel: 'api', details: { saleDate: '2026-11-20', prospectEmail: 'bola@example.com', prospectName: 'Bola' } };
    const again = await post(reordered, { 'idempotency-key': 'k-2' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual(first);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('answers 409 naming Idempotency-Key when the key comes back with another body, and writes no case', async () => {
    await post(complaint(), { 'Idempotency-Key': 'k-3' });
    const record = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]!.Put!.Item!;
    ddb.on(GetCommand, { Key: { pk: record.pk, sk: 'IDEMPOTENCY' } }).resolves({ Item: record });
    ddb.resetHistory();
    const res = await post({ ...complaint(), subject: 'Another complaint' }, { 'Idempotency-Key': 'k-3' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(json(res).errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    // The case number was taken in the same round as the idempotency read (a gap, docs/contracts.md "Case numbers").
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a concurrent duplicate (lost transaction race) as a replay of the winner', async () => {
    await post(complaint(), { 'Idempotency-Key': 'k-4' });
    const winner = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]!.Put!.Item!;
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    // The first look finds nothing (the winner has not committed yet), the second finds the winner's record.
    ddb.on(GetCommand).resolvesOnce({}).resolves({ Item: winner });
    const res = await post(complaint(), { 'Idempotency-Key': 'k-4' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBe('true');
  });

  it('numbers a complaint received at New Year by the UTC year of receipt (virtual time)', async () => {
    // Years no earlier test took numbers in (the container keeps its block of the current year).
    vi.useFakeTimers({ now: new Date('2030-12-31T23:59:59Z'), toFake: ['Date'] });
    try {
      const before = json(await post(complaint()));
      vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
      const after = json(await post(complaint()));
      expect(before.caseNumber).toBe('PE-2030-000123');
      expect(after.caseNumber).toBe('PE-2031-000123');
      // The case-number counters: one block reserved per year.
      const counters = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key).filter((k) => String(k?.pk).startsWith('COUNTER#'));
      expect(counters).toEqual([{ pk: 'COUNTER#PE#2030', sk: 'COUNTER' }, { pk: 'COUNTER#PE#2031', sk: 'COUNTER' }]);
      expect(Date.parse((after.deadlines as { acknowledgment: { due: string } }).acknowledgment.due)).toBe(Date.parse('2031-01-02T00:00:00Z'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs nothing about the customer on success or failure', async () => {
    const lines: unknown[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(...args));
    }
    // The logger writes through its own console to the process's streams.
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    await post(complaint());
    ddb.on(TransactWriteCommand).rejects(new Error('boom'));
    await post(complaint());
    const logged = JSON.stringify(lines);
    for (const secret of ['ada@example.com', 'Ada Obi', 'bola@example.com', 'dashboard shows nothing']) expect(logged).not.toContain(secret);
  });

  it('answers a generic 500 that leaks nothing when the table fails', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('Requested resource not found: Table: redress-secret-table'), { name: 'ResourceNotFoundException' }));
    const res = await post(complaint());
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).not.toContain('redress-secret-table');
    expect(json(res)).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });

  describe('bad input gets a 4xx problem naming the field and writes nothing', () => {
    const oversized = { ...complaint(), description: 'x'.repeat(70 * 1024) };
    const cases: [string, () => Promise<Result>, number, string][] = [
      ['a missing field', () => post({ ...complaint(), subject: undefined }), 422, 'subject'],
      ['a malformed email', () => post({ ...complaint(), customer: { name: 'Ada', email: 'ada@' } }), 422, 'customer.email'],
      ['a missing category detail', () => post({ ...complaint(), details: { prospectName: 'Bola', saleDate: '2026-11-20' } }), 422, 'details.prospectEmail'],
      ['a malformed category detail', () => post({ ...complaint(), details: { ...complaint().details, saleDate: 'yesterday' } }), 422, 'details.saleDate'],
      ['an unknown category', () => post({ ...complaint(), category: 'alien_abduction' }), 422, 'category'],
      ['an unknown channel', () => post({ ...complaint(), channel: 'fax' }), 422, 'channel'],
      ['an oversized body', () => post(oversized), 413, ''],
      ['a wrong content type', () => handler(httpEvent({ headers: { 'content-type': 'text/plain' }, body: JSON.stringify(complaint()) }), lambdaContext), 415, ''],
      ['no content type', () => handler(httpEvent({ body: JSON.stringify(complaint()) }), lambdaContext), 415, ''],
      ['invalid JSON', () => post('{"customer": '), 400, 'body'],
      ['a malformed Idempotency-Key', () => post(complaint(), { 'Idempotency-Key': 'has spaces in it' }), 400, 'Idempotency-Key'],
      ['two Idempotency-Key headers joined by the gateway', () => post(complaint(), { 'Idempotency-Key': 'key-a,key-b' }), 400, 'Idempotency-Key'],
    ];
    it.each(cases)('%s', async (_, send, status, field) => {
      const res = await send();
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toBe('application/problem+json');
      const problem = json(res);
      expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
      if (field) expect((problem.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      expect(writes()).toBe(0);
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    });

    it('accepts a base64-encoded body as API Gateway may send it', async () => {
      const res = await handler(
        httpEvent({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(complaint())).toString('base64'), isBase64Encoded: true }),
        lambdaContext,
      );
      expect(res.statusCode).toBe(201);
    });

    it('for any JSON body: a 201, or a 4xx problem naming fields with nothing written — never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue(),
            fc.record({ customer: fc.jsonValue(), category: fc.constantFrom('general_inquiry', 'payout_delay', 'x'), subject: fc.string(), description: fc.string(), details: fc.jsonValue() }, { requiredKeys: [] }),
          ),
          async (body) => {
            ddb.resetHistory();
            const res = await post(JSON.stringify(body));
            if (res.statusCode === 201) return;
            expect(res.statusCode).toBe(422);
            expect(res.headers['content-type']).toBe('application/problem+json');
            expect((json(res).errors as unknown[]).length).toBeGreaterThan(0);
            expect(writes()).toBe(0);
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});
