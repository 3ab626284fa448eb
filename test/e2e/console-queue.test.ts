import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { browserSession, post, settle, waitFor } from './session';
import { testCustomerIndex } from '../support/customer-index';

/**
 * The staff console's queue views in real Chromium against the real local stack: an agent filters the queue by
 * mine, unassigned and search (the server filters, counts and says how many match); a supervisor sees a breached
 * case at the top of "At risk" and the cases that need attention; an agent is refused that list by the API.
 * Screenshots land in test/e2e/output/ (gitignored) for a person to look at; they are not assertions.
 */

const session = browserSession();
const { api, staffToken, shot } = session;
const staffGet = (path: string, role: string, sub?: string) => session.staffRequest(role, path, undefined, sub);
const signInLocally = session.signInToConsole;

/** The case store the handlers use, on the stack's DynamoDB Local. */
let store: DynamoCaseStore;
beforeAll(() => {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: session.stack.urls.dynamodb, region: session.stack.env.AWS_REGION, credentials }));
  store = new DynamoCaseStore(doc, session.stack.tables[0]!.tableName, testCustomerIndex);
});

/** A complaint through the public API, once the workflow acknowledged it. */
async function acknowledgedCase(subject: string) {
  const created = await session.fileComplaint(subject);
  await session.acknowledged(created.id);
  return created;
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
    const page = await session.browser.context.newPage();
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
    await session.stack.clock.advance('PT3H');
    const soon = await acknowledgedCase('Falls due soon');
    await session.stack.clock.advance('PT22H');
    const fresh = await acknowledgedCase('Just arrived');
    // The workflow's `Case needs attention` state flags a case through the store; here the store is called directly.
    await store.flag(soon.id, new Date(session.stack.clock.now()).toISOString(), 'States.TaskFailed: the mailer kept failing');
    const page = await session.browser.context.newPage();
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
    // Coming back reads the list again and redraws its rows: a reason typed before that answer lands in a row that is
    // then replaced, and the new row's empty reason blocks the submit. A person sees the list redraw; the test waits.
    await Promise.all([page.waitForResponse((r) => r.url().includes('/staff/attention?'), settle), page.keyboard.press('Escape')]);
    await page.locator('#attention-view').waitFor({ state: 'visible', ...settle });
    await expect.poll(() => page.locator('#status').textContent(), settle).toBe(''); // cleared as the rows are redrawn

    // The supervisor lifts the flag with a reason: the case leaves the list, the reason is an internal note on it.
    await page.locator(`#attention-rows form[data-lift="${soon.id}"] input`).fill('Mailed the customer by hand.');
    // Polled on real time (test/support/eventually.ts): the stack's virtual clock moves this process's own timers.
    await page.locator(`#attention-rows form[data-lift="${soon.id}"] button`).click();
    const answer = await waitFor('the lift answer', async () => (await page.locator('#attention-result').textContent()) || undefined);
    expect(answer).toBe(`The flag on case ${soon.caseNumber} was lifted; the reason is on the case.`);
    await waitFor('the flagged case to leave the list', async () => ((await shownIds(page, '#attention-rows')).length === 0 ? true : undefined));
    await shot(page, 'console-queue-5-flag-lifted');
    expect(errors).toEqual([]);
    await page.close();
  });
});
