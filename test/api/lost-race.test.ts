// A request that loses a race on a case answers 409 problem+json (or the refusal the case's new state calls for) and
// changes nothing; one that meets a dependency not answering answers 503 with Retry-After; neither is a 500.
// Under load, DynamoDB cancels a guarded commit with `TransactionConflict` when another writer's transaction holds
// the case item at that moment (no condition failed): before, that escaped the commit loop as a generic 500 (2 of
// 15 staff `close`s racing a customer `reply` in test/faults/races.test.ts). Here the store's client is made to fail
// the commit exactly that way.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMIT_ATTEMPTS } from '../../functions/core/commit-loop';
import type { Case } from '../../functions/domain/case';
import { problemTypes } from '../../functions/api/http/problem';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../functions/api/http/problem-error-handler';
import { agent, caseAfter, claims, jwtEvent } from './action-fixtures';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result, mockPersonalKeys } from './events';
import { caseItem, eventItem } from './fixtures';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
type Handler = (e: unknown, c: typeof lambdaContext) => Promise<Result>;
let staffHandler: Handler;
let customerHandler: Handler;
beforeAll(async () => {
  ({ handler: staffHandler } = (await import('../../functions/api/staff-action')) as unknown as { handler: Handler });
  ({ handler: customerHandler } = (await import('../../functions/api/customer-action')) as unknown as { handler: Handler });
});

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  mockPersonalKeys(ddb as never, GetCommand, UpdateCommand);
  sfn.on(SendTaskSuccessCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const supervisor = { role: 'supervisor', staffId: 'sup-1', name: 'Sup One' } as const;
const TOKEN = 'tok-'.padEnd(128, 'v');
const verdictWait = (t: Case): Case => ({ ...t, tasks: { customerVerdict: { taskToken: TOKEN, registeredAt: '2026-11-23T10:07:00.000Z' } } });

/** The same case as another writer left it: `steps` applied to a fresh case, under the first one's id and credentials. */
function movedTo(first: ReturnType<typeof caseAfter>, steps: Parameters<typeof caseAfter>[0]): Case {
  const { theCase } = caseAfter(steps);
  return { ...theCase, id: first.theCase.id, lifecycle: { ...theCase.lifecycle, caseId: first.theCase.id }, caseNumber: first.theCase.caseNumber, accessTokenHash: first.theCase.accessTokenHash, tasks: {} };
}

/** Reads of the case answer each version in turn (the last one from then on); the timeline read answers the last. */
function serveVersions(id: string, ...versions: Case[]) {
  const get = ddb.on(GetCommand, { Key: { pk: `CASE#${id}`, sk: 'CASE' } });
  for (const v of versions.slice(0, -1)) get.resolvesOnce({ Item: caseItem(v) });
  get.resolves({ Item: caseItem(versions.at(-1)!) });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CASE#${id}` } }).resolves({ Items: [caseItem(versions.at(-1)!)] });
}

/** How DynamoDB cancels a transaction when another transaction is writing one of its items (no condition failed). */
const transactionConflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }, { Code: 'None' }],
  });
const timeout = () => Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 3000 ms of inactivity'), { name: 'TimeoutError' });

const staffAct = (id: string, body: unknown, who = claims(['supervisor'], 'sup-1')) =>
  staffHandler(jwtEvent({ path: `/staff/complaints/${id}/actions`, pathParameters: { id }, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), claims: who }), lambdaContext);
const customerAct = (id: string, token: string, body: unknown) =>
  customerHandler(httpEvent({ path: `/complaints/${id}/actions`, pathParameters: { id }, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }), lambdaContext);

const attempts = () => ddb.commandCalls(TransactWriteCommand).length;
const expectedSeqs = () => ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems![0]!.Update!.ExpressionAttributeValues![':expected']);
const expectNothingSent = () => {
  expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
};
const expectProblem = (res: Result, status: number, type: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(json(res)).toMatchObject({ type, status });
};

describe('a commit that loses a race (DynamoDB TransactionConflict)', () => {
  it('staff close losing to the customer reply is decided again on the case the reply left, and commits on that version', async () => {
    const resolved = caseAfter([[{ type: 'resolve', summary: 'Paid again.' }, agent]]);
    const replied = movedTo(resolved, [[{ type: 'resolve', summary: 'Paid again.' }, agent], [{ type: 'reply', message: 'Still nothing.' }, { role: 'customer', caseId: '' }]]);
    // Read for access, read by the commit loop, then the reply's version.
    serveVersions(resolved.theCase.id, verdictWait(resolved.theCase), verdictWait(resolved.theCase), replied);
    ddb.on(TransactWriteCommand).rejectsOnce(transactionConflict()).resolves({});

    const res = await staffAct(resolved.theCase.id, { type: 'close', reason: 'Confirmed by phone.' });

    expect(res.statusCode).toBe(200);
    expect(expectedSeqs()).toEqual([resolved.theCase.eventSeq, replied.eventSeq]);
  });

  it('a repeated claim losing to the first: 409 problem+json on the fresh read, nothing written or sent', async () => {
    const open = caseAfter([]);
    const claimed = movedTo(open, [[{ type: 'claim' }, agent]]);
    serveVersions(open.theCase.id, open.theCase, open.theCase, claimed);
    ddb.on(TransactWriteCommand).rejectsOnce(transactionConflict()).resolves({});

    const res = await staffAct(open.theCase.id, { type: 'claim' }, claims(['agent']));

    expectProblem(res, 409, problemTypes.conflict);
    expect(attempts()).toBe(1);
    expectNothingSent();
  });

  it(`a case that keeps changing: every one of the ${COMMIT_ATTEMPTS} attempts lost, 409 problem+json, nothing written or sent`, async () => {
    const resolved = caseAfter([[{ type: 'resolve', summary: 'Paid again.' }, agent]]);
    serveVersions(resolved.theCase.id, verdictWait(resolved.theCase));
    ddb.on(TransactWriteCommand).rejects(transactionConflict());

    const staff = await staffAct(resolved.theCase.id, { type: 'close', reason: 'Confirmed by phone.' });
    expectProblem(staff, 409, problemTypes.conflict);
    expect(attempts()).toBe(COMMIT_ATTEMPTS);

    ddb.resetHistory();
    const customer = await customerAct(resolved.theCase.id, resolved.accessToken, { type: 'reply', message: 'Still nothing.' });
    expectProblem(customer, 409, problemTypes.conflict);
    expect(attempts()).toBe(COMMIT_ATTEMPTS);
    expectNothingSent();
  });

  it('the customer reply losing to the staff close: the closed case refuses it (410 problem+json), nothing written or sent', async () => {
    const resolved = caseAfter([[{ type: 'resolve', summary: 'Paid again.' }, agent]]);
    const closed = movedTo(resolved, [[{ type: 'resolve', summary: 'Paid again.' }, agent], [{ type: 'close', reason: 'Confirmed by phone.' }, supervisor]]);
    serveVersions(resolved.theCase.id, verdictWait(resolved.theCase), verdictWait(resolved.theCase), closed);
    ddb.on(TransactWriteCommand).rejectsOnce(transactionConflict()).resolves({});

    const res = await customerAct(resolved.theCase.id, resolved.accessToken, { type: 'reply', message: 'Still nothing.' });

    expectProblem(res, 410, problemTypes.gone);
    expect(attempts()).toBe(1);
    expectNothingSent();
  });
});

describe('a dependency that does not answer', () => {
  it('a read timing out: 503 problem+json with Retry-After, the error not disclosed, nothing written', async () => {
    const resolved = caseAfter([[{ type: 'resolve', summary: 'Paid again.' }, agent]]);
    ddb.on(GetCommand, { Key: { pk: `CASE#${resolved.theCase.id}`, sk: 'CASE' } }).rejects(timeout());

    const res = await staffAct(resolved.theCase.id, { type: 'close', reason: 'Confirmed by phone.' });

    expectProblem(res, 503, problemTypes.unavailable);
    expect(res.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(res.body).not.toMatch(/socket|smithy|TimeoutError/);
    expect(attempts()).toBe(0);
    expectNothingSent();
  });

  it('the commit throttled past the SDK retries: 503 with Retry-After, nothing sent', async () => {
    const resolved = caseAfter([[{ type: 'resolve', summary: 'Paid again.' }, agent]]);
    serveVersions(resolved.theCase.id, verdictWait(resolved.theCase));
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('Throughput exceeds the current capacity of your table'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400, attempts: 3 } }));

    const res = await customerAct(resolved.theCase.id, resolved.accessToken, { type: 'reply', message: 'Still nothing.' });

    expectProblem(res, 503, problemTypes.unavailable);
    expect(res.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(attempts()).toBe(1);
    expectNothingSent();
  });
});
