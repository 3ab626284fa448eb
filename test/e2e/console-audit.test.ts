import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, post, settle } from './session';

/**
 * The console's audit log page in real Chromium against the local stack: an admin looks a case up and sees who on
 * staff read it, then follows that person to everything they did; a supervisor opens it from the case itself; an
 * agent is not offered the page and the API refuses it.
 */

const session = browserSession();
const { api } = session;
const staffToken = (role: string, sub: string) => session.staffToken(role, sub);

/** A complaint through the public API, read once by a supervisor (that read is what the audit log must show). */
async function caseReadBy(sub: string): Promise<{ id: string; caseNumber: string }> {
  const res = await api(
    '/complaints',
    post(
      { customer: { name: 'Ada Obi', email: `a-${Date.now()}@example.com` }, category: 'technical_issue', subject: 'Cannot log in', description: 'The login page loops back to itself.', details: {} },
      { 'idempotency-key': crypto.randomUUID() },
    ),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; caseNumber: string };
  const read = await api(`/staff/complaints/${created.id}`, { headers: { authorization: `Bearer ${await staffToken('supervisor', sub)}` } });
  expect(read.status).toBe(200);
  return created;
}

async function signInLocally(role: string, sub: string): Promise<Page> {
  const page = await session.browser.context.newPage();
  await page.goto(new URL('/console/', session.stack.urls.web).toString());
  await page.locator('#local-login').waitFor({ state: 'visible', ...settle });
  await page.locator('#local-role').selectOption(role);
  await page.locator('#local-sub').fill(sub);
  await page.locator('#local-login button[type="submit"]').click();
  await page.locator('#queue-view').waitFor({ state: 'visible', ...settle });
  // The first queue page has arrived (its answer would otherwise rewrite the status line of the next view).
  await expect.poll(() => page.locator('#queue-count').textContent(), settle).not.toBe('');
  return page;
}

const rows = (page: Page) => page.locator('#audit-rows tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')));

async function search(page: Page, by: 'caseId' | 'actor', value: string) {
  await page.locator('#audit-by').selectOption(by);
  await page.locator('#audit-value').fill(value);
  await Promise.all([page.waitForResponse((r) => r.url().includes('/staff/audit'), settle), page.locator('#audit-search button[type="submit"]').click()]);
}

describe('console audit log (Chromium, local stack)', () => {
  it('an admin finds who read a case, then everything that person did', async () => {
    const c = await caseReadBy('sup-audit-1');
    const page = await signInLocally('admin', 'admin-audit-1');
    expect(await page.locator('#nav-audit').isVisible()).toBe(true);
    await page.locator('#nav-audit').click();
    await page.locator('#audit-view').waitFor({ state: 'visible', ...settle });

    await search(page, 'caseId', c.id);
    await expect.poll(() => rows(page), settle).toEqual([[expect.any(String), 'sup-audit-1 (Supervisor)', 'Read the case', c.id, 'Allowed']]);

    // Following the person: their entries, the read of this case among them; the admin's own search is on the log too.
    await Promise.all([page.waitForResponse((r) => r.url().includes('actor=sup-audit-1'), settle), page.locator('#audit-rows a', { hasText: 'sup-audit-1' }).click()]);
    await expect.poll(async () => (await rows(page)).map((r) => r[2]), settle).toContain('Read the case');
    expect(await page.locator('#audit-value').inputValue()).toBe('sup-audit-1');

    await search(page, 'actor', 'admin-audit-1');
    await expect.poll(async () => (await rows(page)).map((r) => [r[1], r[2]]), settle).toContainEqual(['admin-audit-1 (Data protection)', 'Read the audit log']);

    // A search that is not a case id is answered on the page, without a request.
    await page.locator('#audit-by').selectOption('caseId');
    await page.locator('#audit-value').fill('PE-2026-1');
    await page.locator('#audit-search button[type="submit"]').click();
    await expect.poll(() => page.locator('#audit-count').textContent(), settle).toMatch(/A case id looks like/);
    await page.close();
  });

  it("a supervisor opens a case's audit log from the case; an agent is not offered it and the API refuses it", async () => {
    const c = await caseReadBy('sup-audit-2');
    const supervisor = await signInLocally('supervisor', 'sup-audit-3');
    // Opening the case lists its files after the case shows: the audit view must be read after that listing was
    // recorded, or it never shows it (the view reads the log once).
    const filesListed = supervisor.waitForResponse((r) => r.url().includes(`/staff/complaints/${c.id}/attachments`) && r.request().method() === 'GET', settle);
    await supervisor.goto(new URL(`/console/#/case/${c.id}`, session.stack.urls.web).toString());
    await supervisor.locator('#case-audit-link').waitFor({ state: 'visible', ...settle });
    await filesListed;
    await supervisor.locator('#case-audit-link a').click();
    await supervisor.locator('#audit-view').waitFor({ state: 'visible', ...settle });
    // The supervisor's own reads of the case (opening it reads the case and lists its files) are there, above the first supervisor's.
    await expect.poll(async () => (await rows(supervisor)).map((r) => `${r[1]}: ${r[2]}`), settle).toEqual([
      expect.stringMatching(/^sup-audit-3 \(Supervisor\): /),
      expect.stringMatching(/^sup-audit-3 \(Supervisor\): /),
      'sup-audit-2 (Supervisor): Read the case',
    ]);
    expect((await rows(supervisor)).slice(0, 2).map((r) => r[2]).sort()).toEqual(['Listed the attachments', 'Read the case']);
    await supervisor.close();

    const agent = await signInLocally('agent', 'agent-audit');
    expect(await agent.locator('#nav-audit').isHidden()).toBe(true);
    await agent.goto(new URL(`/console/#/audit?caseId=${c.id}`, session.stack.urls.web).toString());
    await expect.poll(() => agent.locator('#status').textContent(), settle).toMatch(/supervisors and admins/);
    expect(await rows(agent)).toEqual([]);
    await agent.close();
  });

  it("the case page shows every legal hold (an admin's: since when, by whom, why; a dispute's) and the audit log shows the hold placed", async () => {
    const c = await caseReadBy('sup-audit-4');
    const reason = 'Chargeback dispute with the card issuer: keep the file';
    const placed = await session.staffRequest('admin', `/staff/complaints/${c.id}/legal-hold`, { reason }, 'adm-hold-1');
    expect(placed.status).toBe(201);
    // Taken to the Dispute Resolution Team: a hold the case carries on its own, beside the admin's.
    await session.acknowledged(c.id);
    for (const why of ['Needs a senior look.', 'Needs the Dispute Resolution Team.']) {
      const escalated = await session.staffRequest('supervisor', `/staff/complaints/${c.id}/actions`, { type: 'escalate', reason: why }, 'sup-audit-4');
      expect(escalated.status, why).toBe(200);
    }
    const supervisor = await signInLocally('supervisor', 'sup-audit-5');
    await supervisor.goto(new URL(`/console/#/case/${c.id}`, session.stack.urls.web).toString());
    const holds = supervisor.locator('dd[data-field="legal holds"] li');
    await holds.first().waitFor({ state: 'visible', ...settle });
    expect(await holds.evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-hold-kind'), li.textContent]))).toEqual([
      ['dispute', expect.stringMatching(/^Dispute since .+: Under review by the Dispute Resolution Team$/)],
      ['manual', expect.stringMatching(new RegExp(`^Manual hold since .+, placed by adm-hold-1: ${reason}$`))],
    ]);
    await supervisor.locator('#case-audit-link a').click();
    await expect.poll(async () => (await rows(supervisor)).map((r) => [r[1], r[2]]), settle).toContainEqual(['adm-hold-1 (Data protection)', 'Placed a legal hold']);
    await supervisor.close();
  });
});
