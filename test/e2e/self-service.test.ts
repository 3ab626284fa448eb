import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hiddenByRole, STAFF_ACTIONS, type StaffAction } from '../../web/console/js/permissions.js';
import { mayReadCase } from '../../functions/domain/access/read-access';
import { loadPolicy } from '../../functions/domain/policy';
import { browserSession, MOBILE, post, settle, watch, type Created } from './session';

/**
 * The customer's case page and the staff console in real Chromium against the real local stack, desktop and 390 px
 * wide: a customer opens the acknowledgment email's link from the SES catcher and replies, answers, accepts,
 * disputes and rates; an agent signs in (local identity), filters the queue, claims, replies, requests information
 * and resolves. Screenshots land in test/e2e/output/ (gitignored) for a person to look at; they are not assertions.
 */

const session = browserSession();
const { api, staffAct, shot } = session;

async function staffCase(id: string) {
  return (await session.staffRequest('supervisor', `/staff/complaints/${id}`, undefined, 'sup-e2e')).body as unknown as {
    status: string;
    lifecycle: { level: number; category: string; department?: string; assignee?: string };
  };
}

/** A complaint through the public API, once the workflow acknowledged it, with the link its email carries. */
async function acknowledgedCase(subject: string): Promise<Created & { link: string }> {
  const created = await session.fileComplaint(subject);
  const mail = await session.mailTo(created.email);
  const href = /https?:\/\/\S+\/case\.html\?id=[0-9a-f-]+#token=[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
  expect(href).toBeDefined();
  await session.acknowledged(created.id);
  return { ...created, link: session.onThisStack(href!) };
}

const openCasePage = session.openCasePage;
const signInLocally = session.signInToConsole;

/** Sends one of the page's action forms and waits for the API's answer. */
async function submit(page: Page, form: string) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/actions'), settle), page.locator(`${form} button[type="submit"]`).click()]);
}

/**
 * "Refresh" and wait until the case read again is drawn: the answer's arrival is not enough (the page draws it after
 * reading its body, and reads the case's files after that), so the forms offered could still be the last read's.
 * The page marks the case busy from the click until it is drawn.
 */
async function refresh(page: Page) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/complaints/${new URL(page.url()).searchParams.get('id')}`, settle), page.locator('#refresh').click()]);
  await page.locator('#case:not([aria-busy])').waitFor({ state: 'visible', ...settle });
}

const visibleForms = (page: Page) => page.locator('form.action-form:visible').evaluateAll((forms) => forms.map((f) => (f as HTMLElement).dataset.action));
const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('customer case page (Chromium, local stack)', () => {
  it("opens from the acknowledgment email's link; the customer replies, answers the questions, and disputes the resolution", async () => {
    const c = await acknowledgedCase('Commission missing for a sale');
    const { page, seen } = await openCasePage(c.link);
    expect(await page.locator('h1').textContent()).toBe(`Case ${c.caseNumber}`);
    expect(await page.locator('#clocks li').count()).toBeGreaterThan(0);
    expect(await visibleForms(page)).toEqual(['reply', 'escalate']);

    await page.locator('#reply-message').fill('The sale was on 20 November, order PE-8812.');
    await submit(page, '#form-reply');
    await expect.poll(() => page.locator('#action-result').textContent(), settle).toContain('your message was sent');
    expect(await page.locator('#timeline').textContent()).toMatch(/Customer replied.*You sent a message/s);
    await shot(page, 'case-1-replied-desktop');

    // Staff ask for information: the page offers the answer form instead of a plain reply.
    expect((await staffAct('agent', c.id, { type: 'requestInfo', questions: 'Which email did your prospect use?' })).status).toBe(200);
    await refresh(page);
    expect(await visibleForms(page)).toEqual(['answer', 'escalate']);
    expect(await page.locator('#case-status').textContent()).toBe('Awaiting customer');
    await page.locator('#answer-message').fill('bola@example.com');
    await submit(page, '#form-answer');
    await expect.poll(() => page.locator('#action-result').textContent(), settle).toContain('your answer was sent');
    expect(await page.locator('#case-status').textContent()).toBe('In progress');

    // A resolution: accept, dispute and rate are offered; a second tab stays open on it.
    expect((await staffAct('agent', c.id, { type: 'resolve', summary: 'The commission was credited.' })).status).toBe(200);
    await refresh(page);
    expect(await visibleForms(page)).toEqual(['reply', 'accept', 'dispute', 'rate']);
    const stale = await openCasePage(c.link);
    await shot(page, 'case-2-resolved-desktop');

    await page.locator('#dispute-reason').fill('Only half of the commission arrived.');
    await submit(page, '#form-dispute');
    await expect.poll(() => page.locator('#action-result').textContent(), settle).toContain('higher level will review');
    expect(await page.locator('#timeline').textContent()).toContain('You disputed the resolution: Only half of the commission arrived.');
    expect(await page.locator('#case-status').textContent()).toBe('Escalated senior');

    // The stale tab still offers "accept": the API refuses, and the page says why in words.
    await submit(stale.page, '#form-accept');
    // The page renders after the response arrives: poll until it has.
    await expect.poll(() => stale.page.locator('#action-result').getAttribute('class'), settle).toContain('refused');
    expect(await stale.page.locator('#action-result').textContent()).toBe('There is no resolution to accept right now.');
    await shot(stale.page, 'case-3-refused-desktop');

    // The token never left the browser in a URL (only in the Authorization header).
    expect([...seen.urls, ...stale.seen.urls].filter((u) => u.includes(c.accessToken))).toEqual([]);
    expect([...seen.errors, ...stale.seen.errors]).toEqual([]);
    await stale.page.close();
    await page.close();
  });

  it('at 390 px: no sideways scrolling, the customer accepts the resolution and rates it with a comment', async () => {
    const c = await acknowledgedCase('A very long subject with a link https://promptearn.example/dashboard/commissions/2026/11/20/order/PE-8812 that must wrap');
    expect((await staffAct('agent', c.id, { type: 'resolve', summary: 'The commission was credited.' })).status).toBe(200);
    const { page, seen } = await openCasePage(c.link, MOBILE);
    expect(await noSideScroll(page)).toBe(true);
    expect(await visibleForms(page)).toEqual(['reply', 'accept', 'dispute', 'rate']);
    await shot(page, 'case-4-resolved-390');

    await submit(page, '#form-accept');
    await expect.poll(() => page.locator('#action-result').textContent(), settle).toContain('you accepted the resolution');
    expect(await page.locator('#case-status').textContent()).toBe('Closed');
    expect(await visibleForms(page)).toEqual(['rate']);

    await page.locator('#form-rate input[name="score"][value="4"]').check();
    await page.locator('#rate-comment').fill('Quick once it reached the right person.');
    await submit(page, '#form-rate');
    await expect.poll(() => page.locator('#action-result').textContent(), settle).toBe('Thank you for your rating.');
    expect(await visibleForms(page)).toEqual([]);
    expect(await page.locator('#no-actions').isVisible()).toBe(true);
    expect(await page.locator('#timeline').textContent()).toContain('You rated the handling of your case 4 out of 5.');
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, 'case-5-rated-390');
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});

/** Sends one of the console's action forms (opening its disclosure first) and waits for the result line. */
async function consoleAct(page: Page, action: string, fields: Record<string, string> = {}) {
  const details = page.locator(`details:has(#form-${action})`);
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  for (const [name, value] of Object.entries(fields)) await page.locator(`#a-${action}-${name}`).fill(value);
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/actions'), settle), page.locator(`#form-${action} button[type="submit"]`).click()]);
  // The answer line is drawn after the response's body is read (with the case redrawn first); the console hides the
  // last action's line when it sends, so the line shown is this action's.
  await page.locator('#case-result').waitFor({ state: 'visible', ...settle });
  return (await page.locator('#case-result').textContent()) ?? '';
}

describe('staff console (Chromium, local stack)', () => {
  it('an agent signs in (local identity), finds the case with the queue filter and the keyboard, claims, replies, requests information and resolves', async () => {
    const c = await acknowledgedCase(`Console case ${Date.now()}`);
    const other = await acknowledgedCase('Another case in the queue');
    const page = await session.browser.context.newPage();
    const seen = watch(page);
    await signInLocally(page, 'agent', 'agent-console');
    expect(await page.locator('#who-role').textContent()).toBe('Support representative');
    await expect.poll(() => page.locator(`#queue-rows tr[data-id="${c.id}"]`).count(), settle).toBe(1);
    expect(await page.locator(`#queue-rows tr[data-id="${other.id}"]`).count()).toBe(1);
    await shot(page, 'console-1-queue-desktop');

    // The search runs on the server (GET /staff/queue?q=…).
    await page.locator('#f-q').focus();
    await page.keyboard.type(c.caseNumber);
    await expect.poll(() => page.locator('#queue-rows tr[data-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id)), settle).toEqual([c.id]);
    // Only mine: the case is nobody's yet. Waiting for the mine query's answer first: a count of no rows is only
    // meaningful once the list drawn is that answer's (the poll then bounds the drawing, as everywhere here).
    await Promise.all([page.waitForResponse((r) => r.url().includes('/staff/queue?') && r.url().includes('mine=true'), settle), page.locator('#f-mine').check()]);
    await expect.poll(() => page.locator('#queue-rows tr[data-id]').count(), settle).toBe(0);
    await page.locator('#f-mine').uncheck();

    // Keyboard: the first row takes focus, Enter opens the case.
    await page.locator('#queue-rows tr[data-id]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#case-title').textContent(), settle).toContain(c.caseNumber);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-title');
    const offered = () => page.locator('#case-actions form').evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.action));
    expect(await offered()).toEqual(['claim', 'reply', 'requestInfo', 'resolve', 'escalate', 'note']);
    await shot(page, 'console-2-case-desktop');

    expect(await consoleAct(page, 'claim')).toBe('You claimed the case.');
    expect(await page.locator('dd[data-field="assignee"]').textContent()).toBe('You');
    expect(await offered()).not.toContain('claim');

    expect(await consoleAct(page, 'reply', { message: 'We are checking the sale with the vendor.' })).toContain('reply was sent');
    expect(await consoleAct(page, 'note', { text: 'Vendor contacted by phone.' })).toContain('note was added');
    expect(await page.locator('#case-timeline li.internal').last().textContent()).toContain('Vendor contacted by phone.');
    expect(await consoleAct(page, 'requestInfo', { questions: 'Which email did your prospect use?' })).toContain('questions were sent');
    expect(await page.locator('dd[data-field="status"]').textContent()).toBe('Awaiting customer');
    expect(await offered()).toEqual(['reply', 'note']);

    // The customer answers on their page (here through the API); the console reloads the case.
    const answered = await api(`/complaints/${c.id}/actions`, post({ type: 'reply', message: 'bola@example.com' }, { authorization: `Bearer ${c.accessToken}` }));
    expect(answered.status).toBe(200);
    await page.reload();
    await expect.poll(() => page.locator('dd[data-field="status"]').textContent(), settle).toBe('In progress');
    expect(await consoleAct(page, 'resolve', { summary: 'The commission was credited.', actionsTaken: 'Matched the sale by the prospect email.' })).toContain('resolved');
    expect(await page.locator('dd[data-field="status"]').textContent()).toBe('Resolved');
    await shot(page, 'console-3-resolved-desktop');

    // The same console at 390 px: the case view stacks into one column without sideways scrolling.
    await page.setViewportSize(MOBILE);
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, 'console-4-case-390');
    await page.keyboard.press('Escape');
    await page.locator('#queue-view').waitFor({ state: 'visible', ...settle });
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, 'console-5-queue-390');

    expect(seen.errors).toEqual([]);
    await page.close();
  });
});

/** A valid body for each staff action, so a refusal can only be about who asks. */
const BODIES: Record<StaffAction, unknown> = {
  claim: { type: 'claim' },
  assign: { type: 'assign', to: 'someone-else' },
  reply: { type: 'reply', message: 'Hello' },
  requestInfo: { type: 'requestInfo', questions: 'Which order?' },
  resolve: { type: 'resolve', summary: 'Done' },
  escalate: { type: 'escalate', reason: 'Needs a senior' },
  recommendMediation: { type: 'recommendMediation', reason: 'Deadlock' },
  close: { type: 'close', reason: 'Done' },
  note: { type: 'note', text: 'Note' },
};

describe('access is enforced by the API, not by the console hiding buttons', () => {
  it('every action the console hides from a role is refused by the API (403; 404 where the role may not read the case at all), and changes nothing', async () => {
    const policy = loadPolicy(session.stack.policy ?? 'promptearn');
    const frontLine = await acknowledgedCase('Front-line case for the access test');
    const senior = await acknowledgedCase('Senior case for the access test');
    expect((await staffAct('agent', senior.id, BODIES.escalate)).status).toBe(200);

    const checked: string[] = [];
    for (const c of [frontLine, senior]) {
      const view = await staffCase(c.id);
      for (const role of ['agent', 'senior', 'dispute_team', 'finance'] as const) {
        for (const action of hiddenByRole(role, view)) {
          const answer = await staffAct(role, c.id, BODIES[action]);
          // A case the role may not read is answered as a missing one (docs/contracts.md "Who reads what").
          const status = mayReadCase(policy, { role, staffId: `${role}-e2e` }, view.lifecycle) ? 403 : 404;
          expect({ role, action, level: view.lifecycle.level, status: answer.status }).toEqual({ role, action, level: view.lifecycle.level, status });
          expect(answer.type).toContain('application/problem+json');
          checked.push(`${role}:${action}@${view.lifecycle.level}`);
        }
      }
      expect(await staffCase(c.id)).toEqual(view); // nothing moved
    }
    // The table covers something real on both rungs: e.g. assignment and mediation at the front line, everything
    // for an agent on the senior rung.
    expect(checked).toEqual(expect.arrayContaining(['agent:assign@0', 'agent:recommendMediation@0', 'senior:recommendMediation@0', ...STAFF_ACTIONS.map((a) => `dispute_team:${a}@0`), ...STAFF_ACTIONS.map((a) => `agent:${a}@1`)]));
  });
});

// Last in this file: it moves the stack's virtual clock forward for every case.
describe('staff console: what is at risk (Chromium, local stack, virtual clock)', () => {
  it("a supervisor filters the queue to what falls due within 4 hours of the server's time, soonest first", async () => {
    const soon = await acknowledgedCase('Falls due soon');
    await session.stack.clock.advance('PT22H'); // the first response (24 h) of `soon` is now due in about 2 hours
    const fresh = await acknowledgedCase('Just arrived');

    const page = await session.browser.context.newPage();
    await signInLocally(page, 'supervisor', 'sup-console');
    await expect.poll(() => page.locator(`#queue-rows tr[data-id="${fresh.id}"]`).count(), settle).toBe(1);
    // The browser's own clock is 22 hours behind the stack's: the console judges on the server's time (locally, the
    // virtual clock's endpoint; on AWS, the API's Date header).
    await page.locator('#f-risk').fill('4');
    const shownIds = () => page.locator('#queue-rows tr[data-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
    await expect.poll(shownIds, settle).not.toContain(fresh.id);
    expect(await shownIds()).toContain(soon.id);
    // Every row shown is marked at risk (or breached), soonest first: the API's order is kept.
    const dues = await page.locator('#queue-rows tr[data-id] td:last-child').evaluateAll((cells) =>
      cells.map((c) => ({ mark: c.className, at: c.querySelector('time')?.getAttribute('datetime') ?? '' })),
    );
    expect(dues.every((d) => d.mark === 'due-at_risk' || d.mark === 'due-breached')).toBe(true);
    expect(dues.map((d) => d.at)).toEqual([...dues.map((d) => d.at)].sort());
    expect(await page.locator(`#queue-rows tr[data-id="${soon.id}"] td.due-at_risk`).count()).toBe(1);
    await shot(page, 'console-6-at-risk-desktop');
    await page.close();
  });
});
