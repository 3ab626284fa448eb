import { createServer } from 'node:net';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { hashAccessToken } from '../../functions/domain/access-token';
import { customerView } from '../../functions/domain/ticket';
import { startSes, type SesCatcher } from '../../local/ses';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';
import { TEST_ENV } from '../api/events';
import { openedTicket } from '../api/fixtures';

/**
 * The workflow's task handlers as Step Functions invokes them, against real DynamoDB Local and the local SES
 * catcher, including the retries Step Functions makes (each handler invoked twice).
 */

type Handler = (event: unknown) => Promise<Record<string, unknown>>;
interface CaughtEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

let db: TestDb;
let ses: SesCatcher;
let store: DynamoTicketStore;
let acknowledge: Handler;
let registerTaskToken: Handler;
let recordBreach: Handler;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  [db, ses] = await Promise.all([startTestDb(), freePort().then(startSes)]);
  store = new DynamoTicketStore(db.doc, db.tableName);
  // The handlers build their clients at module load from the environment, as on Lambda.
  Object.assign(process.env, TEST_ENV, {
    TABLE_NAME: db.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
  });
  const load = async (path: string) => ((await import(path)) as { handler: Handler }).handler;
  [acknowledge, registerTaskToken, recordBreach] = await Promise.all([
    load('../../functions/workflow/acknowledge'),
    load('../../functions/workflow/register-task-token'),
    load('../../functions/workflow/record-breach'),
  ]);
});
afterAll(async () => Promise.all([db?.stop(), ses?.stop()]));
afterEach(() => vi.useRealTimers());

async function mailTo(address: string): Promise<CaughtEmail[]> {
  const res = await fetch(`${ses.endpoint}/store`);
  const { emails } = (await res.json()) as { emails: CaughtEmail[] };
  return emails.filter((e) => e.destination.to.includes(address));
}

async function storedTicket(receivedAt = new Date('2026-11-23T10:00:00Z')) {
  const opened = openedTicket(undefined, receivedAt);
  const email = `${opened.ticket.id}@example.com`;
  const ticket = { ...opened.ticket, customer: { ...opened.ticket.customer, email } };
  await store.createTicket(ticket, opened.firstEvent);
  return { ...opened, ticket, email };
}

describe('acknowledge', () => {
  it('emails case number, estimated resolution, next steps and a working status link, then records it', async () => {
    const { ticket, accessToken, email } = await storedTicket();
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:05Z'), toFake: ['Date'] });
    const out = await acknowledge({ ticketId: ticket.id });
    expect(out).toEqual({ waits: { firstResponseSeconds: 24 * 3600 - 5 } });

    const [mail, ...more] = await mailTo(email);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toContain(ticket.caseNumber);
    const text = mail!.body.text!;
    expect(text).toContain(ticket.caseNumber);
    // The resolution deadline the policy set, as the customer reads it: in the calendar's zone (Lagos).
    const due = DateTime.fromISO(ticket.deadlines.resolution.due).setZone('Africa/Lagos').toFormat('cccc d LLLL yyyy, HH:mm');
    expect(text).toContain(`Estimated resolution: by ${due}`);
    expect(text).toMatch(/Next steps/);
    const link = /https:\/\/redress\.example\/case\.html\?id=([0-9a-f-]+)#token=([A-Za-z0-9_-]+)/.exec(text);
    expect(link?.[1]).toBe(ticket.id);
    expect(link?.[2]).toBe(accessToken);
    expect(hashAccessToken(link![2]!)).toBe(ticket.accessTokenHash);
    expect(mail!.body.html).toContain('case.html');

    const after = await store.getTicketWithTimeline(ticket.id);
    expect(after?.ticket).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-11-23T10:00:05.000Z' });
    expect(after?.ticket.accessTokenForDelivery).toBeUndefined(); // the plain token is gone once delivered
    expect(customerView(after!.ticket, after!.timeline).timeline.map((e) => e.type)).toEqual(['received', 'acknowledged']);
  });

  it("escapes the customer's own words in the HTML email", async () => {
    const opened = openedTicket(undefined, new Date());
    const email = `${opened.ticket.id}@example.com`;
    const ticket = { ...opened.ticket, subject: '<img src=x onerror=alert(1)>', customer: { name: 'Ada <b>Obi</b>', email } };
    await store.createTicket(ticket, opened.firstEvent);
    await acknowledge({ ticketId: ticket.id });
    const [mail] = await mailTo(email);
    expect(mail!.body.html).not.toContain('<img');
    expect(mail!.body.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail!.body.html).toContain('Ada &lt;b&gt;Obi&lt;/b&gt;');
  });

  it('is a no-op when Step Functions retries it: no second email, no second event', async () => {
    const { ticket, email } = await storedTicket(new Date());
    await acknowledge({ ticketId: ticket.id });
    const again = await acknowledge({ ticketId: ticket.id });
    expect((again.waits as { firstResponseSeconds: number }).firstResponseSeconds).toBeGreaterThan(23 * 3600);
    expect(await mailTo(email)).toHaveLength(1);
    expect((await store.getTicketWithTimeline(ticket.id))?.timeline).toHaveLength(2);
  });

  it('waits at least one second when the first-response deadline has already passed', async () => {
    const { ticket } = await storedTicket(new Date('2026-11-23T10:00:00Z'));
    vi.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z'), toFake: ['Date'] });
    expect(await acknowledge({ ticketId: ticket.id })).toEqual({ waits: { firstResponseSeconds: 1 } });
  });

  it('refuses malformed input and a missing ticket, sending nothing', async () => {
    await expect(acknowledge({ ticketId: 'not-a-uuid' })).rejects.toThrow();
    await expect(acknowledge({})).rejects.toThrow();
    const missing = crypto.randomUUID();
    await expect(acknowledge({ ticketId: missing })).rejects.toThrow(/no ticket/);
    expect(await mailTo(`${missing}@example.com`)).toHaveLength(0);
  });
});

describe('register-task-token', () => {
  it('stores the token; a retried invocation succeeds; a stale token is refused by name', async () => {
    const { ticket } = await storedTicket();
    const input = { ticketId: ticket.id, taskToken: 'token-1', step: 'firstResponse' };
    expect(await registerTaskToken(input)).toEqual({ registered: 'registered' });
    expect(await registerTaskToken(input)).toEqual({ registered: 'already-registered' });
    await expect(registerTaskToken({ ...input, taskToken: 'token-0' })).rejects.toMatchObject({ name: 'TaskTokenConflictError' });
    expect((await store.getTicket(ticket.id))?.tasks.firstResponse?.taskToken).toBe('token-1');
  });

  it('accepts the new token of a Retry when the state machine passes its entered time and retry count', async () => {
    const { ticket } = await storedTicket();
    const base = { ticketId: ticket.id, step: 'firstResponse', enteredAt: '2026-11-23T10:00:06Z' };
    await registerTaskToken({ ...base, taskToken: 'attempt-0', attempt: 0 });
    await registerTaskToken({ ...base, taskToken: 'attempt-1', attempt: 1 });
    expect((await store.getTicket(ticket.id))?.tasks.firstResponse?.taskToken).toBe('attempt-1');
  });
});

describe('record-breach', () => {
  it('flags the clock once, drops the pending token, and keeps the event internal', async () => {
    const { ticket } = await storedTicket();
    await registerTaskToken({ ticketId: ticket.id, taskToken: 'token-1', step: 'firstResponse' });
    vi.useFakeTimers({ now: new Date('2026-11-24T10:00:01Z'), toFake: ['Date'] });
    expect(await recordBreach({ ticketId: ticket.id, clock: 'firstResponse' })).toEqual({
      clock: 'firstResponse',
      breachedAt: '2026-11-24T10:00:01.000Z',
      newlyRecorded: true,
    });
    const retried = await recordBreach({ ticketId: ticket.id, clock: 'firstResponse' });
    expect(retried).toMatchObject({ newlyRecorded: false, breachedAt: '2026-11-24T10:00:01.000Z' });

    const after = await store.getTicketWithTimeline(ticket.id);
    expect(after?.ticket.tasks.firstResponse).toBeUndefined();
    expect(after?.timeline.filter((e) => e.type === 'breached')).toEqual([
      expect.objectContaining({ visibility: 'internal', clause: ticket.deadlines.firstResponse.explanation.clause }),
    ]);
    expect(customerView(after!.ticket, after!.timeline).timeline.map((e) => e.type)).toEqual(['received']);
    // An agent answering now finds nothing to complete: a clear "too late", never a silent success.
    expect(await store.takeTaskToken(ticket.id, 'firstResponse')).toBeUndefined();
  });

  it('keeps both updates when a breach and an acknowledgment race', async () => {
    const { ticket } = await storedTicket(new Date());
    await Promise.all([acknowledge({ ticketId: ticket.id }), recordBreach({ ticketId: ticket.id, clock: 'acknowledgment' })]);
    const after = await store.getTicketWithTimeline(ticket.id);
    expect(after?.ticket.acknowledgedAt).toBeDefined();
    expect(after?.ticket.breaches.acknowledgment).toBeDefined();
    expect(after?.timeline.map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});
