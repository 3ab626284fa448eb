import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { launchChromium, type Browser } from './browser';

/**
 * The staff console's queue views in real Chromium against the real local stack: an agent filters the queue by
 * mine, unassigned and search (the server filters, counts and says how many match); a supervisor sees a breached
 * case at the top of "At risk" and the cases that need attention; an agent is refused that list by the API.
 * Screenshots land in test/e2e/output/ (gitignored) for a person to look at; they are not assertions.
 */

let stack: LocalStack;
let browser: Browser;
let store: DynamoCaseStore;
const shots = join(import.meta.dirname, 'output');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

beforeAll(async () => {
  browser = await launchChromium(); // first: a missing Chromium fails with its one-line fix before the stack starts
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => {} });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: stack.env.AWS_REGION, credentials }));
  store = new DynamoCaseStore(doc, stack.tables[0]!.tableName);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

// A bound on waiting for the stack on a busy 2-core machine, not a timing assertion.
const settle = { timeout: 30_000 };

const api = (path: string, init: RequestInit = {}) => fetch(new URL(path, stack.urls.api), init);
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function staffToken(role: string, sub = `${role}-e2e`): Promise<string> {
  const res = await api('/_local/dev-token', post({ sub, groups: [role] }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function staffGet(path: string, role: string, sub?: string) {
  const res = await api(path, { headers: { authorization: `Bearer ${await staffToken(role, sub)}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Created {
  id: string;
  caseNumber: string;
}

/** A complaint through the public API, once the workflow acknowledged it. */
async function acknowledgedCase(subject: string): Promise<Created> {
  const email = `c-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const res = await api(
    '/complaints',
    post(
      {
        customer: { name: 'Ada Obi', email },
        category: 'commission_dispute',
        subject,
        description: 'My prospect bought the course but my dashboard shows nothing.',
        details: { prospectName: 'Bola Ade', prospectEmail: 'bola@example.com', saleDate: '2026-11-20' },
      },
      { 'idempotency-key': crypto.randomUUID() },
    ),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as Created;
  await eventually('the acknowledgment', async () => ((await staffGet(`/staff/complaints/${created.id}`, 'supervisor')).body.status === 'acknowledged' ? true : undefined));
  return created;
}

async function signInLocally(page: Page, role: string, sub: string) {
  await page.goto(new URL('/console/', stack.urls.web).toString());
  await page.locator('#local-login').waitFor({ state: 'visible', ...settle });
  await page.locator('#local-role').selectOption(role);
  await page.locator('#local-sub').fill(sub);
  await page.locator('#local-login button[type="submit"]').click();
  await page.locator('#queue-view').waitFor({ state: 'visible', ...settle });
}

const shownIds = (page: Page, rows = '#queue-rows') => page.locator(`${rows} tr[data-id]`).evaluateAll((trs) => trs.map((r) => (r as HTMLElement).dataset.id));

/** The console's last queue request, as the API received it. */
function lastQueueQuery(page: Page) {
  const asked: URLSearchParams[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/staff/queue') asked.push(url.searchParams);
  });
  return () => Object.fromEntries(asked.at(-1) ?? []);
}

describe('staff console queue, filtered on the server (Chromium, local stack)', () => {
  it('an agent filters by mine, unassigned and search; the count is the total the API counted', async () => {
    // Prepare: one case the agent claimed, one nobody has.
    const agentId = 'agent-queue-e2e';
    const claimed = await acknowledgedCase('Commission missing for the March webinar');
    const open = await acknowledgedCase('Payout stuck since Friday');
    const claim = await api(`/staff/complaints/${claimed.id}/actions`, post({ type: 'claim' }, { authorization: `Bearer ${await staffToken('agent', agentId)}` }));
    expect(claim.status).toBe(200);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const asked = lastQueueQuery(page);

    // Act and Assess: the whole queue, then each filter.
    await signInLocally(page, 'agent', agentId);
    await expect.poll(() => shownIds(page), settle).toEqual(expect.arrayContaining([claimed.id, open.id]));
    expect(await page.locator('#queue-count').textContent()).toBe('Showing 2 of 2 cases.');
    expect(await page.locator('#queue-filter-note').count()).toBe(0);

    await page.locator('#f-mine').check();
    await expect.poll(() => shownIds(page), settle).toEqual([claimed.id]);
    expect(asked()).toMatchObject({ mine: 'true' });
    expect(await page.locator(`#queue-rows tr[data-id="${claimed.id}"] td:nth-child(6)`).textContent()).toBe('You');
    await shot(page, 'console-queue-1-mine');

    await page.locator('#f-mine').uncheck();
    await page.locator('#f-unassigned').check();
    await expect.poll(() => shownIds(page), settle).toEqual([open.id]);
    expect(await page.locator('#queue-count').textContent()).toBe('Showing 1 of 1 case.');
    expect(asked()).toMatchObject({ unassigned: 'true' });
    await page.locator('#f-unassigned').uncheck();

    // Search: by case number, then by words of the subject.
    await page.locator('#f-q').fill(claimed.caseNumber);
    await expect.poll(() => shownIds(page), settle).toEqual([claimed.id]);
    expect(asked()).toMatchObject({ q: claimed.caseNumber });
    await page.locator('#f-q').fill('payout fri');
    await expect.poll(() => shownIds(page), settle).toEqual([open.id]);
    await shot(page, 'console-queue-2-search');
    await page.locator('#f-q').fill('nothing matches this');
    await expect.poll(() => page.locator('#queue-rows').textContent(), settle).toBe('No case matches.');
    expect(await page.locator('#queue-count').textContent()).toBe('Showing 0 of 0 cases.');

    // No "Needs attention" for an agent, and the API refuses it too (access is the API's, not the console's).
    expect(await page.locator('#nav-attention').isVisible()).toBe(false);
    const refused = await staffGet('/staff/attention', 'agent', agentId);
    expect([refused.status, refused.type]).toEqual([403, 'application/problem+json']);
    expect(errors).toEqual([]);
    await page.close();
  });
});

// Last in this file: it moves the stack's virtual clock forward for every case.
describe('staff console: at risk and needs attention (Chromium, local stack, virtual clock)', () => {
  it('a supervisor sees the breached case at the top of "At risk", then what falls due soonest, and the flagged cases with why', async () => {
    // Prepare: `late` breaches its 24-hour first response; `soon` falls due about two hours after that; `fresh`
    // arrives at the end and is due in a day.
    const late = await acknowledgedCase('Breaches its first response');
    await stack.clock.advance('PT3H');
    const soon = await acknowledgedCase('Falls due soon');
    await stack.clock.advance('PT22H');
    const fresh = await acknowledgedCase('Just arrived');
    // The workflow's `Case needs attention` state flags a case through the store; here the store is called directly.
    await store.flag(soon.id, new Date(stack.clock.now()).toISOString(), 'States.TaskFailed: the mailer kept failing');
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const asked = lastQueueQuery(page);

    // Act
    await signInLocally(page, 'supervisor', 'sup-queue-e2e');
    await expect.poll(() => shownIds(page), settle).toEqual(expect.arrayContaining([late.id, soon.id, fresh.id]));
    await Promise.all([page.waitForResponse((r) => r.url().includes('/staff/queue?') && r.url().includes('sort=due'), settle), page.locator('#nav-at-risk').click()]);

    // Assess: breached first (`late`, and the first test's cases, which breached before it), then the soonest due;
    // nothing due later than 4 hours.
    await expect.poll(() => shownIds(page), settle).not.toContain(fresh.id);
    const ids = await shownIds(page);
    expect(ids).toContain(late.id);
    expect(ids.at(-1)).toBe(soon.id);
    expect(asked()).toMatchObject({ atRiskHours: '4', sort: 'due' });
    expect(await page.locator('#queue-title').textContent()).toBe('At risk');
    const marks = await page.locator('#queue-rows tr[data-id] td:last-child').evaluateAll((cells) => cells.map((c) => c.className));
    expect(marks).toEqual([...ids.slice(0, -1).map(() => 'due-breached'), 'due-at_risk']);
    expect(await page.locator('#nav-at-risk').getAttribute('aria-current')).toBe('page');
    await shot(page, 'console-queue-3-at-risk');

    // The breached filter alone, from the queue view.
    await page.locator('#nav-queue').click();
    await expect.poll(() => shownIds(page), settle).toEqual(expect.arrayContaining([fresh.id]));
    await page.locator('#f-breached').check();
    await expect.poll(() => shownIds(page), settle).toEqual(ids.slice(0, -1));

    // Needs attention: the flagged case with why and when; Enter opens it, Esc comes back.
    await page.locator('#nav-attention').click();
    await page.locator('#attention-view').waitFor({ state: 'visible', ...settle });
    await expect.poll(() => shownIds(page, '#attention-rows'), settle).toEqual([soon.id]);
    expect(await page.locator('#attention-rows tr td.why').textContent()).toBe('States.TaskFailed: the mailer kept failing');
    expect(await page.locator('#attention-count').textContent()).toBe('Showing 1 of 1 case.');
    await shot(page, 'console-queue-4-needs-attention');
    await page.locator('#attention-rows tr[data-id]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#case-title').textContent(), settle).toContain(soon.caseNumber);
    await page.keyboard.press('Escape');
    await page.locator('#attention-view').waitFor({ state: 'visible', ...settle });

    // The supervisor lifts the flag with a reason: the case leaves the list, the reason is an internal note on it.
    await page.locator(`#attention-rows form[data-lift="${soon.id}"] input`).fill('Mailed the customer by hand.');
    await page.locator(`#attention-rows form[data-lift="${soon.id}"] button`).click();
    await expect.poll(() => page.locator('#attention-result').textContent(), settle).toBe(`The flag on case ${soon.caseNumber} was lifted; the reason is on the case.`);
    await expect.poll(() => shownIds(page, '#attention-rows'), settle).toEqual([]);
    await shot(page, 'console-queue-5-flag-lifted');
    expect(errors).toEqual([]);
    await page.close();
  });
});
