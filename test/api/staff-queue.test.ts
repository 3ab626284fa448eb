import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueKeys, type Case } from '../../functions/domain/case';
import { agent, caseAfter, claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { caseItem } from './fixtures';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
let handler: (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
let getCase: (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
let attention: (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/staff-queue')) as unknown as { handler: typeof handler });
  ({ handler: attention } = (await import('../../functions/api/staff-attention')) as unknown as { handler: typeof handler });
  ({ handler: getCase } = (await import('../../functions/api/staff-get-complaint')) as unknown as { handler: typeof handler });
});
/** Items the mocked table holds, by `pk`; BatchGet answers from it. */
let stored: Map<string, Record<string, unknown>>;
beforeEach(() => {
  ddb.reset();
  stored = new Map();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => ({
    Responses: Object.fromEntries(Object.entries(input.RequestItems).map(([table, { Keys }]) => [table, Keys.flatMap((k) => (stored.has(k.pk) ? [stored.get(k.pk)!] : []))])),
  }));
});

/** The keys-only `byQueueV2` index answering a status partition with these cases' keys (their items in the table). */
function inQueue(status: string, cases: Case[]) {
  for (const t of cases) stored.set(`CASE#${t.id}`, caseItem(t));
  ddb.on(QueryCommand, { IndexName: 'byQueueV2', ExpressionAttributeValues: { ':queue': `QUEUE#${status}` } }).resolves({ Items: cases.map((t) => ({ pk: `CASE#${t.id}`, sk: 'CASE', ...queueKeys(t) })) });
}

const list = (query: Record<string, string>, who: Record<string, unknown> | null = claims(['agent'])) =>
  handler(jwtEvent({ method: 'GET', path: '/staff/queue', query, ...(who ? { claims: who } : {}) }), lambdaContext);

describe('GET /staff/queue', () => {
  it('lists the role’s cases with the earliest staff deadline, and no customer contact', async () => {
    const front = caseAfter([]);
    const claimed = caseAfter([[{ type: 'claim' }, agent]]);
    inQueue('acknowledged', [front.theCase]);
    inQueue('in_progress', [claimed.theCase]);
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
    ['forged cursor', { cursor: 'eyJub3QiOiJ5b3VycyJ9' }, claims(['agent']), 400, 'cursor'],
    ['unsigned cursor of the right shape', { cursor: Buffer.from(JSON.stringify({ v: 1, after: '0', query: 'A'.repeat(16) })).toString('base64url') }, claims(['agent']), 400, 'cursor'],
    ['unknown parameter', { sort: 'desc' }, claims(['agent']), 422, 'sort'],
  ];
  it.each(bad)('%s: problem+json %i', async (_n, query, who, status, field) => {
    const res = await list(query, who);
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    if (field) expect(json(res).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('GET /staff/queue: pages', () => {
  it('answers total and has_more, and links the next page in the body and an RFC 8288 Link header with the same filters', async () => {
    const one = caseAfter([]);
    const two = caseAfter([]);
    inQueue('acknowledged', [one.theCase, two.theCase]);
    const first = await list({ limit: '1', unassigned: 'true', sort: 'due' });
    expect(first.statusCode).toBe(200);
    const body = json(first) as { items: { id: string }[]; total: number; has_more: boolean; next: string; cursor: string };
    expect([body.items.length, body.total, body.has_more]).toEqual([1, 2, true]);
    const next = new URL(body.next, 'https://console.example/');
    expect(next.pathname).toBe('/staff/queue');
    expect(Object.fromEntries(next.searchParams)).toEqual({ limit: '1', unassigned: 'true', sort: 'due', cursor: body.cursor });
    expect(first.headers?.link).toBe(`<${body.next}>; rel="next"`);
    // The keys-only index is read for keys (nothing to filter on there), the items by key; the filter applies to them.
    const asked = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(asked.every((i) => i.IndexName === 'byQueueV2' && i.FilterExpression === undefined)).toBe(true);
    expect(ddb.commandCalls(BatchGetCommand).length).toBeGreaterThan(0);

    const second = await list(Object.fromEntries(next.searchParams));
    const last = json(second) as { items: { id: string }[]; has_more: boolean; next?: string };
    expect([last.items.length, last.has_more, last.next, second.headers?.link]).toEqual([1, false, undefined, undefined]);
    expect([...body.items, ...last.items].map((i) => i.id).sort()).toEqual([one.theCase.id, two.theCase.id].sort());
  });
});

describe('GET /staff/attention', () => {
  const ask = (who: Record<string, unknown> | null, query: Record<string, string> = {}) =>
    attention(jwtEvent({ method: 'GET', path: '/staff/attention', query, ...(who ? { claims: who } : {}) }), lambdaContext);

  it('lists flagged cases to a supervisor with why and when; 403 problem+json for every other role, 401 without a token', async () => {
    const flagged = { ...caseAfter([]).theCase, needsAttention: { at: '2026-11-23T12:00:00.000Z', error: 'States.TaskFailed' } };
    stored.set(`CASE#${flagged.id}`, caseItem(flagged));
    ddb.on(QueryCommand, { IndexName: 'byAttention' }).resolves({ Items: [{ pk: `CASE#${flagged.id}`, sk: 'CASE', gsi2pk: 'ATTENTION', gsi2sk: `${flagged.needsAttention.at}#${flagged.id}` }] });
    const res = await ask(claims(['supervisor'], 'sup-1'));
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ items: [{ id: flagged.id, needsAttention: flagged.needsAttention }], total: 1, has_more: false });
    for (const role of ['agent', 'senior', 'dispute_team', 'finance']) {
      const refused = await ask(claims([role]));
      expect({ role, status: refused.statusCode, type: refused.headers?.['content-type'] }).toEqual({ role, status: 403, type: 'application/problem+json' });
    }
    expect((await ask(null)).statusCode).toBe(401);
    expect((await ask(claims(['supervisor'], 'sup-1'), { limit: 'all' })).statusCode).toBe(422);
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
