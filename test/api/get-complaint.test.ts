import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAccessToken } from '../../functions/domain/access-token';
import { signAccessLink } from '../../functions/domain/access-link';
import type { LifecycleEvent } from '../../functions/domain/lifecycle/events';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';
import { eventItem, openedCase, caseItem } from './fixtures';

Object.assign(process.env, TEST_ENV);
const ddb = mockClient(DynamoDBDocumentClient);
let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/get-complaint')) as unknown as { handler: typeof handler });
});

const a = openedCase();
const b = openedCase();
const internalNote: LifecycleEvent = {
  ...a.firstEvent,
  seq: 2,
  at: '2026-11-23T11:00:00.000Z',
  actor: { kind: 'staff', role: 'agent', staffId: 'agent-7' },
  type: 'note',
  summary: 'internal: customer sounds angry',
  visibility: 'internal',
};

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  // No step-up verification is stored: payout details stay hidden (the payout case is tested in privacy-rights.test.ts).
  ddb.on(GetCommand).resolves({});
  for (const { theCase, firstEvent } of [a, b]) {
    const events = theCase === a.theCase ? [eventItem(internalNote), eventItem(firstEvent)] : [eventItem(firstEvent)];
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CASE#${theCase.id}` } }).resolves({ Items: [caseItem(theCase), ...events] });
  }
});

const get = (id: string, authorization?: string) =>
  handler(
    httpEvent({ method: 'GET', path: `/complaints/${id}`, pathParameters: { id }, headers: authorization ? { Authorization: authorization } : {} }),
    lambdaContext,
  );

describe('GET /complaints/{id}', () => {
  it('returns the case and its customer-visible timeline for the right token', async () => {
    const res = await get(a.theCase.id, `Bearer ${a.accessToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = json(res);
    expect(body).toMatchObject({ id: a.theCase.id, caseNumber: a.theCase.caseNumber, status: 'received', category: 'payout_delay' });
    expect(body.timeline).toEqual([expect.objectContaining({ type: 'received', actor: 'You' })]);
    // The live clocks replace the intake deadlines (read at the handler's now, under the case's own policy).
    expect(body).not.toHaveProperty('deadlines');
    expect(body.clocks).toContainEqual(expect.objectContaining({ clock: 'acknowledgment', due: a.theCase.lifecycle.clocks.acknowledgment!.due, dueText: expect.stringContaining('(Lagos Time, GMT+1)') }));
    expect(res.body).not.toContain('internal: customer sounds angry');
    expect(res.body).not.toContain(a.theCase.accessTokenHash);
    expect(res.body).not.toContain(a.accessToken);
    expect(res.body).not.toContain('ada@example.com');
  });

  // The links every email after the acknowledgment carries (TEST_ENV's signing secret signs them, as the notifier would).
  const keys = { secrets: [TEST_ENV.REPLY_SIGNING_SECRETS] as [string] };
  const later = () => new Date(Date.now() + 86_400_000);
  const linkTo = (id: string, expiresAt = later()) => signAccessLink(keys, id, 'view', expiresAt);

  it('opens the case with an emailed access link instead of the token', async () => {
    const res = await get(a.theCase.id, `Bearer ${linkTo(a.theCase.id)}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ id: a.theCase.id, caseNumber: a.theCase.caseNumber });
    expect(res.body).not.toContain('internal: customer sounds angry');
  });

  const notFound: [string, () => Promise<Result>][] = [
    ['a forged link', () => get(a.theCase.id, `Bearer ${signAccessLink({ secrets: ['someone-elses-secret-of-at-least-32-chars'] }, a.theCase.id, 'act', later())}`)],
    ['an expired link', () => get(a.theCase.id, `Bearer ${linkTo(a.theCase.id, new Date(Date.now() - 1000))}`)],
    ["another case's link", () => get(a.theCase.id, `Bearer ${linkTo(b.theCase.id)}`)],
    ['no token', () => get(a.theCase.id)],
    ['a wrong token', () => get(a.theCase.id, `Bearer ${generateAccessToken()}`)],
    ["another case's token", () => get(a.theCase.id, `Bearer ${b.accessToken}`)],
    ['a non-bearer scheme', () => get(a.theCase.id, `Basic ${a.accessToken}`)],
    ['a missing case', () => get(crypto.randomUUID(), `Bearer ${a.accessToken}`)],
    ['a malformed id', () => get('../etc/passwd', `Bearer ${a.accessToken}`)],
  ];
  it.each(notFound)('answers %s with the same 404 problem', async (_, send) => {
    const res = await send();
    const reference = await get(crypto.randomUUID(), `Bearer ${generateAccessToken()}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toBe(reference.body);
  });
});
