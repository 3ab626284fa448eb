import { InvalidToken, SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '../../functions/domain/case';
import { agent, caseAfter, claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result, mockPersonalKeys } from './events';
import { eventItem, caseItem } from './fixtures';
import { logger } from '../../functions/core/logger';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
let handler: (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/staff-action')) as unknown as { handler: typeof handler });
});

function serve(c: ReturnType<typeof caseAfter>) {
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
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  mockPersonalKeys(ddb as never, GetCommand, UpdateCommand);
});
afterEach(() => vi.restoreAllMocks());

const act = (id: string, body: unknown, who: Record<string, unknown> | null = claims(['agent'])) =>
  handler(
    jwtEvent({
      path: `/staff/complaints/${id}/actions`,
      pathParameters: { id },
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(who ? { claims: who } : {}),
    }),
    lambdaContext,
  );

const writes = () => ddb.commandCalls(TransactWriteCommand).length + ddb.commandCalls(UpdateCommand).length;
const written = () => {
  const input = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input;
  const update = input.TransactItems![0]!.Update!;
  // Then the puts; last, the check that the personal-data key sealed under is still the customer's.
  expect(input.TransactItems!.at(-1)).toMatchObject({ ConditionCheck: { TableName: TEST_ENV.CUSTOMER_KEYS_TABLE, ConditionExpression: '#personal = :wrapped' } });
  return { update, puts: input.TransactItems!.slice(1, -1).map((i) => i.Put!.Item!) };
};
const withToken = (t: Case, step: string, token = 'tok-'.padEnd(128, 'x')): Case => ({ ...t, tasks: { [step]: { taskToken: token, registeredAt: '2026-11-23T10:06:00.000Z' } } });

describe('POST /staff/complaints/{id}/actions', () => {
  it('claim: one conditional transaction with the new lifecycle, queue keys and the event; no workflow call', async () => {
    const c = caseAfter([]);
    serve(c);
    const res = await act(c.theCase.id, { type: 'claim' });
    expect(res.statusCode).toBe(200);
    const { update, puts } = written();
    expect(update.ConditionExpression).toContain('#eventSeq = :expected');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':expected': c.theCase.eventSeq, ':status': 'in_progress', ':gsi1pk': 'QUEUE#in_progress' });
    expect((update.ExpressionAttributeValues![':lifecycle'] as { assignee: string }).assignee).toBe('agent-1');
    expect(puts).toEqual([expect.objectContaining({ type: 'claimed', visibility: 'internal', actor: { kind: 'staff', role: 'agent', staffId: 'agent-1', name: 'agent-1@promptearn.example' } })]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(json(res)).toMatchObject({ id: c.theCase.id, step: 'firstResponse' });
  });

  it('reply completes the first-response wait: token taken in the same write, SendTaskSuccess { caseId }, email with the greeting', async () => {
    const c = caseAfter([[{ type: 'claim' }, agent]]);
    const token = 'tok-'.padEnd(128, 'y');
    serve({ ...c, theCase: withToken(c.theCase, 'firstResponse', token) });
    // The sender's claim answers the outbox item the commit wrote, claimed (DynamoDB's ReturnValues ALL_NEW).
    ddb.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const written = ddb.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems ?? []).map((i) => i.Put?.Item);
      const item = written.find((w) => w?.pk === input.Key?.pk && w?.sk === input.Key?.sk);
      return item ? { Attributes: { ...item, availableAt: input.ExpressionAttributeValues?.[':lease'], claimId: input.ExpressionAttributeValues?.[':claim'], attempts: 1 } } : {};
    });
    const res = await act(c.theCase.id, { type: 'reply', message: 'We found your withdrawal and resent it.' });
    expect(res.statusCode).toBe(200);
    const { update } = written();
    expect(update.UpdateExpression).toContain('REMOVE #tasks.#step');
    expect(update.ConditionExpression).toContain('#tasks.#step.#token = :token');
    expect(update.ExpressionAttributeValues![':token']).toBe(token);
    const calls = sfn.commandCalls(SendTaskSuccessCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.taskToken).toBe(token);
    // `{ caseId, ...next }`: the wait routes on it; nothing the agent wrote goes into the execution history.
    const output = JSON.parse(calls[0]!.args[0].input.output!) as Record<string, unknown>;
    expect(output).toMatchObject({ caseId: c.theCase.id, step: 'resolution', status: 'in_progress' });
    expect(calls[0]!.args[0].input.output).not.toContain('We found your withdrawal');
    // Written as an outbox item in the same transaction, and sent by the request through the outbox's sender.
    expect(written().puts).toEqual(expect.arrayContaining([expect.objectContaining({ entity: 'outbox', template: 'staff_reply', to: 'customer' })]));
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.Destination?.ToAddresses).toEqual(['ada@example.com']);
    expect(mail.Content!.Simple!.Headers).toEqual([{ Name: 'X-Redress-Idempotency-Key', Value: expect.stringMatching(new RegExp(`^${c.theCase.id}\\.\\d+\\.0\\.staff_reply\\.customer$`)) }]);
    const text = mail.Content!.Simple!.Body!.Text!.Data!;
    // Promptearn has no greeting and signs off with its closing: renderMessage enforces it.
    expect(text.trimEnd().endsWith('The Promptearn support team')).toBe(true);
    expect(text).toContain('We found your withdrawal and resent it.');
  });

  it('accepts cognito:groups as API Gateway passes it, "[agent senior]", and acts in the wider role', async () => {
    const c = caseAfter([]);
    serve(c);
    const res = await act(c.theCase.id, { type: 'note', text: 'called the bank' }, claims('[agent senior]', 'sen-1'));
    expect(res.statusCode).toBe(200);
    expect(written().puts[0]).toMatchObject({ type: 'note', actor: { role: 'senior', staffId: 'sen-1' } });
  });

  it('the action stands when the wait timed out before SendTaskSuccess (TaskTimedOut or InvalidToken): the workflow re-reads the case', async () => {
    for (const error of [new TaskTimedOut({ message: 'late', $metadata: {} }), new InvalidToken({ message: 'bad', $metadata: {} })]) {
      sfn.reset();
      sfn.on(SendTaskSuccessCommand).rejects(error);
      const c = caseAfter([[{ type: 'claim' }, agent]]);
      serve({ ...c, theCase: withToken(c.theCase, 'firstResponse') });
      ddb.resetHistory();
      const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
      const res = await act(c.theCase.id, { type: 'reply', message: 'Hello' });
      // Committed before the callback: answering 410 would deny an action that is on the case's timeline.
      expect(res.statusCode).toBe(200);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(warn.mock.calls.flat().join(' ')).toContain('re-reads the case');
      warn.mockRestore();
    }
  });

  const refusals: [string, () => ReturnType<typeof caseAfter>, unknown, Record<string, unknown> | null, number, string?][] = [
    ['no claims (no authorizer)', () => caseAfter([]), { type: 'claim' }, null, 401],
    ['no staff group', () => caseAfter([]), { type: 'claim' }, claims(['customers']), 403],
    // A Cognito ID token of the same person and client: `token_use: "id"`, the client in `aud`, no `client_id`.
    ['an ID token instead of the access token', () => caseAfter([]), { type: 'claim' }, (({ client_id: _c, ...rest }) => ({ ...rest, token_use: 'id', aud: 'staff-console' }))(claims(['supervisor'])), 401],
    ['missing action', () => caseAfter([]), { message: 'hi' }, claims(['agent']), 422, 'type'],
    ['action not a string', () => caseAfter([]), { type: 7 }, claims(['agent']), 422, 'type'],
    ['unknown action', () => caseAfter([]), { type: 'teleport' }, claims(['agent']), 422, 'type'],
    ['a customer action on the staff route', () => caseAfter([]), { type: 'acceptResolution' }, claims(['agent']), 422, 'type'],
    ['reply without message', () => caseAfter([]), { type: 'reply' }, claims(['agent']), 422, 'message'],
    ['unknown field', () => caseAfter([]), { type: 'claim', extra: 1 }, claims(['agent']), 422, 'extra'],
    ['body an array', () => caseAfter([]), [1], claims(['agent']), 422, 'body'],
    ['the dispute team on a front-line case (not theirs to read: answered as a missing case)', () => caseAfter([]), { type: 'claim' }, claims(['dispute_team']), 404],
    ['agent assigning (wrong role)', () => caseAfter([]), { type: 'assign', to: 'x' }, claims(['agent']), 403],
    ['claim already claimed by me (repeated)', () => caseAfter([[{ type: 'claim' }, agent]]), { type: 'claim' }, claims(['agent']), 409],
    ['another agent on a case claimed by someone else', () => caseAfter([[{ type: 'claim' }, agent]]), { type: 'reply', message: 'x' }, claims(['agent'], 'agent-2'), 403],
    ['resolve twice (repeated)', () => caseAfter([[{ type: 'resolve', summary: 'done' }, agent]]), { type: 'resolve', summary: 'again' }, claims(['agent']), 409],
    [
      'anything on a closed case (late)',
      () => caseAfter([[{ type: 'resolve', summary: 'done' }, agent], [{ type: 'acceptResolution' }, { role: 'customer', caseId: '' }]]),
      { type: 'note', text: 'late' },
      claims(['agent']),
      410,
    ],
  ];

  it.each(refusals)('%s: problem+json %i naming the field, nothing written', async (_name, make, body, who, status, field) => {
    const c = make();
    serve(c);
    const res = await act(c.theCase.id, body, who);
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    if (field) expect(json(res).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(writes()).toBe(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('an own __proto__ key is an unknown field like any other (422 naming it), nothing written', async () => {
    const c = caseAfter([]);
    serve(c);
    const res = await act(c.theCase.id, '{"type":"claim","__proto__":{"admin":true}}');
    expect(res.statusCode).toBe(422);
    expect((json(res) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['__proto__']);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('404 for an unknown case and for an id that is no UUID, without a write', async () => {
    for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
      const res = await act(id, { type: 'claim' });
      expect(res.statusCode).toBe(404);
    }
    expect(writes()).toBe(0);
  });

  it('400 for malformed JSON, 415 for another media type', async () => {
    const c = caseAfter([]);
    serve(c);
    expect((await act(c.theCase.id, '{"action":')).statusCode).toBe(400);
    const res = await handler(jwtEvent({ path: '/x', pathParameters: { id: c.theCase.id }, headers: { 'content-type': 'text/plain' }, body: 'claim', claims: claims(['agent']) }), lambdaContext);
    expect(res.statusCode).toBe(415);
    expect(writes()).toBe(0);
  });
});
