import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '../../functions/domain/case';
import { signAccessLink, type AccessPurpose } from '../../functions/domain/access-link';
import { agent, caseAfter } from './action-fixtures';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result, mockPersonalKeys, openedPersonal } from './events';
import { eventItem, caseItem } from './fixtures';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/customer-action')) as unknown as { handler: typeof handler });
});

function serve(c: { theCase: Case; events: ReturnType<typeof caseAfter>['events'] }) {
  ddb.on(GetCommand, { Key: { pk: `CASE#${c.theCase.id}`, sk: 'CASE' } }).resolves({ Item: caseItem(c.theCase) });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CASE#${c.theCase.id}` } }).resolves({ Items: [caseItem(c.theCase), ...c.events.map(eventItem)] });
}

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  mockPersonalKeys(ddb as never, GetCommand, UpdateCommand, true);
});
afterEach(() => vi.restoreAllMocks());

const act = (id: string, token: string | undefined, body: unknown) =>
  handler(
    httpEvent({
      path: `/complaints/${id}/actions`,
      pathParameters: { id },
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }),
    lambdaContext,
  );
const keys = { secrets: [TEST_ENV.REPLY_SIGNING_SECRETS] as [string] };
const later = () => new Date(Date.now() + 86_400_000);
const linkTo = (id: string, purpose: AccessPurpose = 'act', expiresAt = later()) => signAccessLink(keys, id, purpose, expiresAt);
const writes = () => ddb.commandCalls(TransactWriteCommand).length + ddb.commandCalls(UpdateCommand).length;

describe('POST /complaints/{id}/actions', () => {
  it('the customer answers an information request: clocks resume, the workflow wakes, the answer is the customer view only', async () => {
    const c = caseAfter([[{ type: 'claim' }, agent], [{ type: 'note', text: 'secret internal note' }, agent], [{ type: 'requestInfo', questions: 'Which bank?' }, agent]]);
    const token = 'tok-'.padEnd(128, 'z');
    serve({ ...c, theCase: { ...c.theCase, tasks: { customerInfo: { taskToken: token, registeredAt: '2026-11-23T10:10:00.000Z' } } } });
    const res = await act(c.theCase.id, c.accessToken, { type: 'reply', message: 'GTBank, account ending 1234' });
    expect(res.statusCode).toBe(200);
    const update = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ExpressionAttributeValues![':status']).toBe('in_progress');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.taskToken).toBe(token);
    const body = json(res);
    expect(body).not.toHaveProperty('lifecycle');
    expect(res.body).not.toContain('secret internal note');
    expect(res.body).not.toContain('agent-1');
    expect(res.body).not.toContain('ada@example.com');
    expect(res.body).not.toContain(c.theCase.accessTokenHash);
  });

  it('rates the handling once after a resolution (CSAT 1-5 and a comment)', async () => {
    const c = caseAfter([[{ type: 'resolve', summary: 'Paid' }, agent]]);
    serve(c);
    const res = await act(c.theCase.id, c.accessToken, { type: 'rate', score: 5, comment: 'quick' });
    expect(res.statusCode).toBe(200);
    const update = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    // The score in clear (KPIs), the comment only sealed under the customer's personal-data key.
    expect(update.ExpressionAttributeValues![':lifecycle']).toMatchObject({ csat: { score: 5 } });
    expect(update.ExpressionAttributeValues![':lifecycle'].csat).not.toHaveProperty('comment');
    const sealed = { pk: update.Key!.pk, sk: update.Key!.sk, personalKey: update.ExpressionAttributeValues![':sealedUnder'], personal: update.ExpressionAttributeValues![':sealed'] };
    expect(await openedPersonal(sealed)).toMatchObject({ csatComment: 'quick' });
  });

  it('acts with the access link of an email (no token at hand)', async () => {
    const c = caseAfter([[{ type: 'resolve', summary: 'Paid' }, agent]]);
    serve(c);
    const res = await act(c.theCase.id, linkTo(c.theCase.id), { type: 'acceptResolution' });
    expect(res.statusCode).toBe(200);
    // One commit (the decision with its outbox items); the sender's claims are updates of those items.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  const other = caseAfter([]);
  const refusals: [string, () => ReturnType<typeof caseAfter>, (c: ReturnType<typeof caseAfter>) => string | undefined, unknown, number, string?][] = [
    ['no token', () => caseAfter([]), () => undefined, { type: 'reply', message: 'hi' }, 404],
    ["another case's token", () => caseAfter([]), () => other.accessToken, { type: 'reply', message: 'hi' }, 404],
    ['a forged link', () => caseAfter([]), (c) => signAccessLink({ secrets: ['someone-elses-secret-of-at-least-32-chars'] }, c.theCase.id, 'act', later()), { type: 'reply', message: 'hi' }, 404],
    ['an expired link', () => caseAfter([]), (c) => linkTo(c.theCase.id, 'act', new Date(Date.now() - 1000)), { type: 'reply', message: 'hi' }, 404],
    ["another case's link", () => caseAfter([]), () => linkTo(other.theCase.id), { type: 'reply', message: 'hi' }, 404],
    ['a link that only lets the customer read', () => caseAfter([]), (c) => linkTo(c.theCase.id, 'view'), { type: 'reply', message: 'hi' }, 404],
    ['missing action', () => caseAfter([]), (c) => c.accessToken, { message: 'hi' }, 422, 'type'],
    ['a staff action', () => caseAfter([]), (c) => c.accessToken, { type: 'resolve', summary: 'I decide' }, 422, 'type'],
    ['score out of range', () => caseAfter([[{ type: 'resolve', summary: 'Paid' }, agent]]), (c) => c.accessToken, { type: 'rate', score: 7 }, 422, 'score'],
    ['accept with no resolution (out of turn)', () => caseAfter([]), (c) => c.accessToken, { type: 'acceptResolution' }, 409],
    ['rate twice (repeated)', () => caseAfter([[{ type: 'resolve', summary: 'Paid' }, agent], [{ type: 'rate', score: 4 }, { role: 'customer', caseId: '' }]]), (c) => c.accessToken, { type: 'rate', score: 5 }, 409],
    ['dispute a closed case (late)', () => caseAfter([[{ type: 'resolve', summary: 'Paid' }, agent], [{ type: 'acceptResolution' }, { role: 'customer', caseId: '' }]]), (c) => c.accessToken, { type: 'dispute', reason: 'changed my mind' }, 410],
  ];
  it.each(refusals)('%s: problem+json %i, nothing written', async (_n, make, tokenOf, body, status, field) => {
    const c = make();
    serve(c);
    serve(other);
    const res = await act(c.theCase.id, tokenOf(c), body);
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    if (field) expect(json(res).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(writes()).toBe(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // A refused credential answers exactly as a missing case does.
    if (status === 404) expect(res.body).toBe((await act(crypto.randomUUID(), other.accessToken, body)).body);
  });
});
