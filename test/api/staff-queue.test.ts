import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueKeys } from '../../functions/domain/case';
import { agent, caseAfter, claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { caseItem } from './fixtures';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
let handler: (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
let getCase: (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/staff-queue')) as unknown as { handler: typeof handler });
  ({ handler: getCase } = (await import('../../functions/api/staff-get-complaint')) as unknown as { handler: typeof handler });
});
beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
});

const list = (query: Record<string, string>, who: Record<string, unknown> | null = claims(['agent'])) =>
  handler(jwtEvent({ method: 'GET', path: '/staff/queue', query, ...(who ? { claims: who } : {}) }), lambdaContext);

describe('GET /staff/queue', () => {
  it('lists the role’s cases with the earliest staff deadline, and no customer contact', async () => {
    const front = caseAfter([]);
    const claimed = caseAfter([[{ type: 'claim' }, agent]]);
    ddb.on(QueryCommand, { IndexName: 'byQueue', ExpressionAttributeValues: { ':queue': 'QUEUE#acknowledged' } }).resolves({ Items: [{ ...caseItem(front.theCase), ...queueKeys(front.theCase) }] });
    ddb.on(QueryCommand, { IndexName: 'byQueue', ExpressionAttributeValues: { ':queue': 'QUEUE#in_progress' } }).resolves({ Items: [{ ...caseItem(claimed.theCase), ...queueKeys(claimed.theCase) }] });
    const res = await list({});
    expect(res.statusCode).toBe(200);
    const body = json(res) as { items: { id: string; due?: string; assignee?: string }[]; cursor?: string };
    expect(body.items.map((i) => i.id).sort()).toEqual([front.theCase.id, claimed.theCase.id].sort());
    expect(body.items.every((i) => typeof i.due === 'string')).toBe(true);
    expect(body.cursor).toBeUndefined();
    expect(res.body).not.toContain('ada@example.com');
    // A dispute-team member works none of these front-line cases.
    expect((json(await list({}, claims(['dispute_team'], 'drt-1'))) as { items: unknown[] }).items).toEqual([]);
  });

  const bad: [string, Record<string, string>, Record<string, unknown> | null, number, string?][] = [
    ['no claims', {}, null, 401],
    ['limit 0', { limit: '0' }, claims(['agent']), 422, 'limit'],
    ['limit not a number', { limit: 'ten' }, claims(['agent']), 422, 'limit'],
    ['unknown status', { status: 'lost' }, claims(['agent']), 422, 'status'],
    ['forged cursor', { cursor: 'eyJub3QiOiJ5b3VycyJ9' }, claims(['agent']), 422, 'cursor'],
    ['unknown parameter', { sort: 'desc' }, claims(['agent']), 422, 'sort'],
  ];
  it.each(bad)('%s: problem+json %i', async (_n, query, who, status, field) => {
    const res = await list(query, who);
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    if (field) expect(json(res).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('GET /staff/complaints/{id}', () => {
  it('shows the whole case with internal events, without the token hash or task tokens; 401 without claims, 404 unknown', async () => {
    const c = caseAfter([[{ type: 'note', text: 'internal only' }, agent]]);
    const theCase = { ...c.theCase, tasks: { firstResponse: { taskToken: 'secret-task-token', registeredAt: '2026-11-23T10:06:00.000Z' } } };
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CASE#${c.theCase.id}` } }).resolves({ Items: [caseItem(theCase), ...c.events.map((e) => ({ pk: `CASE#${e.caseId}`, sk: `EVENT#${e.at}#${e.seq}`, ...e }))] });
    const get = (id: string, who: Record<string, unknown> | null) => getCase(jwtEvent({ method: 'GET', path: `/staff/complaints/${id}`, pathParameters: { id }, ...(who ? { claims: who } : {}) }), lambdaContext);
    const res = await get(c.theCase.id, claims(['agent']));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('internal only');
    expect(json(res)).toMatchObject({ waitingSteps: ['firstResponse'], step: 'firstResponse' });
    expect(res.body).not.toContain('secret-task-token');
    expect(res.body).not.toContain(c.theCase.accessTokenHash);
    expect((await get(c.theCase.id, null)).statusCode).toBe(401);
    expect((await get(crypto.randomUUID(), claims(['agent']))).statusCode).toBe(404);
  });
});
