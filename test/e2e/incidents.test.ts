import { LOCAL_SOURCE_IP_HEADER } from '../../local/gateway';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from '../support/eventually';
import { launchChromium, type Browser } from './browser';

/**
 * An outage incident end to end on the real local stack (DynamoDB Local, the workflow, the change stream, the SES
 * catcher, the gateway serving web/) under seed 004 (ecomstore): 20 complaints an outage explains and 2 it does not,
 * a supervisor declares it, updates it and resolves it through the API; each affected customer receives each update
 * exactly once (counted in the SES catcher), the form shows the banner in real Chromium, resolution closes the links.
 * Screenshots land in test/e2e/output/ for a person to look at; they are not assertions.
 */

let stack: LocalStack;
let browser: Browser;
const shots = join(import.meta.dirname, 'output');
mkdirSync(shots, { recursive: true });
const settle = { timeout: 30_000 };
const TITLE = 'Checkout payments fail';
const affected = Array.from({ length: 20 }, (_, i) => `affected-${i}@customer.example`);
const unaffected = ['calm-0@customer.example', 'calm-1@customer.example'];

interface Caught {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}
const mail = async (): Promise<Caught[]> => ((await (await fetch(stack.urls.sesStore)).json()) as { emails: Caught[] }).emails;
const incidentMailTo = async (to: string) => (await mail()).filter((m) => m.destination.to.includes(to) && m.subject.includes(TITLE));

let token = '';
async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, stack.urls.api), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// Each customer from their own address (the local gateway's local-only header): 22 complaints from one client would
// pass the per-client intake limit, which is not what this test is about.
let clients = 0;
async function file(email: string, subject: string, description: string) {
  const res = await fetch(new URL('/complaints', stack.urls.api), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), [LOCAL_SOURCE_IP_HEADER]: `10.7.0.${++clients}` },
    body: JSON.stringify({ customer: { name: 'Customer', email }, category: 'technical_issue', subject, description, details: {} }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'ecomstore', log: () => {} });
  const res = await fetch(stack.urls.devToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'sup-incidents', groups: ['supervisor'] }) });
  token = ((await res.json()) as { token: string }).token;
  for (const email of affected) await file(email, 'Cannot pay', 'The checkout page shows an error when I pay.');
  for (const email of unaffected) await file(email, 'Password reset', 'The reset link expired.');
  // Every case acknowledged (the workflow's first step) before the outage is declared.
  await eventually(async () => ((await mail()).filter((m) => /received your (complaint|request)/i.test(m.subject)).length >= 22 ? true : undefined), '22 acknowledgments', 120_000, 250);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('an outage incident on the local stack', () => {
  let incidentId = '';

  it('declaring it links the 20 matching cases and tells each of their customers once; the others hear nothing', async () => {
    const declared = await api('POST', '/staff/incidents', {
      title: TITLE,
      since: new Date(stack.clock.now() - 30 * 60_000).toISOString(),
      scope: { categories: [], keywords: ['checkout'] },
      alternativeContacts: [{ label: 'Phone', value: '+1 555 0100' }],
      message: 'Card payments fail at checkout; we are working with the payment provider.',
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect(declared.body).toMatchObject({ linked: 20, told: 20 });
    incidentId = (declared.body.incident as { id: string }).id;
    await stack.streams.drain();
    for (const email of affected) expect((await incidentMailTo(email)).length, email).toBe(1);
    for (const email of unaffected) expect(await incidentMailTo(email)).toEqual([]);
  }, 120_000);

  it('an update reaches each affected customer exactly once; a second one within ten minutes is refused', async () => {
    await stack.clock.advance('11m');
    const posted = await api('POST', `/staff/incidents/${incidentId}/updates`, { message: 'A fix is being deployed; payments should work again within the hour.' });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    expect(posted.body).toMatchObject({ linked: 20, told: 20 });
    expect((await api('POST', `/staff/incidents/${incidentId}/updates`, { message: 'Again.' })).status).toBe(429);
    await stack.streams.drain();
    for (const email of affected) {
      const got = await incidentMailTo(email);
      expect(got.filter((m) => m.body.text?.includes('A fix is being deployed')).length, email).toBe(1);
      expect(got).toHaveLength(2);
    }
  }, 120_000);

  it('the complaint form shows the banner with the status, the latest update and the alternative contacts (real Chromium)', async () => {
    const page = await browser.context.newPage();
    await page.goto(stack.urls.web);
    const banner = page.locator('.incident-banner');
    await banner.waitFor(settle);
    await page.screenshot({ path: join(shots, 'incident-banner.png'), fullPage: true });
    const text = await banner.innerText();
    expect(text).toContain(`Known problem: ${TITLE}`);
    expect(text).toContain('We are working on it');
    expect(text).toContain('A fix is being deployed');
    expect(text).toContain('Phone: +1 555 0100');
    await page.close();
  }, 120_000);

  it('the console page lists it for a supervisor with its 20 linked cases and the forms to update and resolve it (real Chromium)', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript((t) => sessionStorage.setItem('redress.console.session', t), token);
    await page.goto(new URL('/console/incidents.html', stack.urls.api).toString());
    await page.waitForSelector('body[data-loaded=true]', settle);
    const card = page.locator(`article.incident[data-incident="${incidentId}"]`);
    expect(await card.innerText()).toContain('20 linked cases, 20 still linked');
    expect(await card.locator('form.incident-update').count()).toBe(1);
    expect(await card.locator('form.incident-resolve').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'incident-console.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('resolving it resolves the linked cases with the note and closes every link; the banner goes', async () => {
    const resolved = await api('POST', `/staff/incidents/${incidentId}/resolution`, { outcome: 'resolve', note: 'The payment provider fixed the outage; please retry your payment.' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const links = resolved.body.links as { closed?: { outcome: string } }[];
    expect(links).toHaveLength(20);
    expect(links.map((l) => l.closed?.outcome)).toEqual(Array(20).fill('resolved'));
    const listed = await api('GET', '/staff/incidents');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: incidentId, status: 'resolved' })]);
    const page = await browser.context.newPage();
    await page.goto(stack.urls.web);
    await page.locator('#f-category').waitFor(settle);
    await eventually(async () => ((await page.locator('.incident-banner').count()) === 0 ? true : undefined), 'the banner to be gone', 5_000);
    await page.close();
  }, 120_000);
});
