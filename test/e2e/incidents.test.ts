import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_SOURCE_IP_HEADER } from '../../local/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { browserSession, post, settle } from './session';

/**
 * An outage incident end to end on the real local stack (DynamoDB Local, the workflow, the change stream, the SES
 * catcher, the gateway serving web/) under seed 004 (ecomstore): 20 complaints an outage explains and 2 it does not,
 * a supervisor declares it, updates it and resolves it through the API; each affected customer receives each update
 * exactly once (counted in the SES catcher), the form shows the banner in real Chromium, resolution closes the links.
 * While the table refuses every write carrying a fan-out item, the declaration and the update answer 500 problem+json
 * and store nothing; sent again, they go through. Screenshots land in test/e2e/output/ for a person to look at; they are not assertions.
 */

const session = browserSession({ policy: 'ecomstore' });
const TITLE = 'Checkout payments fail';
const SUPERVISOR = 'sup-incidents';
const affected = Array.from({ length: 20 }, (_, i) => `affected-${i}@customer.example`);
const unaffected = ['calm-0@customer.example', 'calm-1@customer.example'];

const incidentMailTo = async (to: string) => (await session.caughtMail()).filter((m) => m.destination.to.includes(to) && m.subject.includes(TITLE));
const supervisor = (path: string, body?: unknown) => session.staffRequest('supervisor', path, body, SUPERVISOR);

// Each customer from their own address (the local gateway's local-only header): 22 complaints from one client would
// pass the per-client intake limit, which is not what this test is about.
let clients = 0;
async function file(email: string, subject: string, description: string) {
  const res = await session.api('/complaints', post({ customer: { name: 'Customer', email }, category: 'technical_issue', subject, description, details: {} }, { 'idempotency-key': crypto.randomUUID(), [LOCAL_SOURCE_IP_HEADER]: `10.7.0.${++clients}` }));
  expect(res.status, await res.clone().text()).toBe(201);
}

/**
 * The fault: while set, every DynamoDB write that carries a `FANOUT#` item fails, as a crash or a lost connection
 * between two writes would (the handlers run in this process, on the SDK's document client). Reads pass.
 */
let failFanOutWrites = false;
const send = DynamoDBDocumentClient.prototype.send;
DynamoDBDocumentClient.prototype.send = function (this: DynamoDBDocumentClient, ...args: Parameters<typeof send>) {
  const command = args[0] as { constructor: { name: string }; input: unknown };
  const write = !['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand'].includes(command.constructor.name);
  if (failFanOutWrites && write && JSON.stringify(command.input).includes('"FANOUT#')) return Promise.reject(new Error('injected: the write carrying the fan-out failed'));
  return send.apply(this, args);
} as typeof send;
afterAll(() => {
  DynamoDBDocumentClient.prototype.send = send;
});

/** A failed staff call: a 500 problem+json that says nothing of the table. */
const expectServerProblem = (res: { status: number; type: string; body: Record<string, unknown> }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(500);
  expect(res.type).toContain('application/problem+json');
  expect(JSON.stringify(res.body)).not.toContain('FANOUT');
};

beforeAll(async () => {
  for (const email of affected) await file(email, 'Cannot pay', 'The checkout page shows an error when I pay.');
  for (const email of unaffected) await file(email, 'Password reset', 'The reset link expired.');
  // Every case acknowledged (the workflow's first step) before the outage is declared.
  await eventually(async () => ((await session.caughtMail()).filter((m) => /received your (complaint|request)/i.test(m.subject)).length >= 22 ? true : undefined), '22 acknowledgments', 120_000, 250);
}, 240_000);

describe('an outage incident on the local stack', () => {
  let incidentId = '';

  it('declaring it links the 20 matching cases and tells each of their customers once; the others hear nothing', async () => {
    const declaration = {
      title: TITLE,
      since: new Date(session.stack.clock.now() - 30 * 60_000).toISOString(),
      scope: { categories: [], keywords: ['checkout'] },
      alternativeContacts: [{ label: 'Phone', value: '+1 555 0100' }],
      message: 'Card payments fail at checkout; we are working with the payment provider.',
    };
    // A declaration whose fan-out cannot be written: 500, and no incident stored (one write, refused whole).
    failFanOutWrites = true;
    const failed = await supervisor('/staff/incidents', declaration);
    failFanOutWrites = false;
    expectServerProblem(failed);
    expect((await supervisor('/staff/incidents')).body.items).toEqual([]);
    // Sent again.
    await session.stack.clock.advance('1m');
    const declared = await supervisor('/staff/incidents', declaration);
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect(declared.body).toMatchObject({ linked: 20, told: 20 });
    incidentId = (declared.body.incident as { id: string }).id;
    await session.stack.streams.drain();
    for (const email of affected) expect((await incidentMailTo(email)).length, email).toBe(1);
    for (const email of unaffected) expect(await incidentMailTo(email)).toEqual([]);
  }, 120_000);

  it('an update reaches each affected customer exactly once, though its first attempt failed; a second one within ten minutes is refused', async () => {
    await session.stack.clock.advance('11m');
    // An update whose fan-out cannot be written: 500, the incident keeps its one update, nobody is told.
    failFanOutWrites = true;
    const failed = await supervisor(`/staff/incidents/${incidentId}/updates`, { message: 'A fix is being deployed; payments should work again within the hour.' });
    failFanOutWrites = false;
    expectServerProblem(failed);
    expect((await supervisor('/staff/incidents')).body.items).toEqual([expect.objectContaining({ id: incidentId, updates: [expect.objectContaining({ seq: 1 })] })]);
    // Sent again at once: the failed attempt spent no rate window.
    const posted = await supervisor(`/staff/incidents/${incidentId}/updates`, { message: 'A fix is being deployed; payments should work again within the hour.' });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    expect(posted.body).toMatchObject({ linked: 20, told: 20 });
    expect((await supervisor(`/staff/incidents/${incidentId}/updates`, { message: 'Again.' })).status).toBe(429);
    await session.stack.streams.drain();
    for (const email of affected) {
      const got = await incidentMailTo(email);
      expect(got.filter((m) => m.body.text?.includes('A fix is being deployed')).length, email).toBe(1);
      expect(got).toHaveLength(2);
    }
  }, 120_000);

  it('the complaint form shows the banner with the status, the latest update and the alternative contacts (real Chromium)', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(session.stack.urls.web);
    const banner = page.locator('.incident-banner');
    await banner.waitFor(settle);
    await session.shot(page, 'incident-banner');
    const text = await banner.innerText();
    expect(text).toContain(`Known problem: ${TITLE}`);
    expect(text).toContain('We are working on it');
    expect(text).toContain('A fix is being deployed');
    expect(text).toContain('Phone: +1 555 0100');
    await page.close();
  }, 120_000);

  it('the console page lists it for a supervisor with its 20 linked cases and the forms to update and resolve it (real Chromium)', async () => {
    const page = await session.signedInPage('supervisor', SUPERVISOR);
    await page.goto(new URL('/console/incidents.html', session.stack.urls.api).toString());
    await page.waitForSelector('body[data-loaded=true]', settle);
    const card = page.locator(`article.incident[data-incident="${incidentId}"]`);
    expect(await card.innerText()).toContain('20 linked cases, 20 still linked');
    expect(await card.locator('form.incident-update').count()).toBe(1);
    expect(await card.locator('form.incident-resolve').count()).toBe(1);
    await session.shot(page, 'incident-console');
    await page.close();
  }, 120_000);

  it('resolving it resolves the linked cases with the note and closes every link; the banner goes', async () => {
    const resolved = await supervisor(`/staff/incidents/${incidentId}/resolution`, { outcome: 'resolve', note: 'The payment provider fixed the outage; please retry your payment.' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const links = resolved.body.links as { closed?: { outcome: string } }[];
    expect(links).toHaveLength(20);
    expect(links.map((l) => l.closed?.outcome)).toEqual(Array(20).fill('resolved'));
    const listed = await supervisor('/staff/incidents');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: incidentId, status: 'resolved' })]);
    const page = await session.browser.context.newPage();
    await page.goto(session.stack.urls.web);
    await page.locator('#f-category').waitFor(settle);
    // No banner means none is active only once the page has read the active incidents (before, it only means that
    // answer has not come): the page marks the banners' slot busy until then.
    await page.locator('#incident-banners:not([aria-busy])').waitFor({ state: 'attached', ...settle });
    expect(await page.locator('.incident-banner').count()).toBe(0);
    await page.close();
  }, 120_000);
});
