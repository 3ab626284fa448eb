import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, settle } from './session';

/**
 * The hosted form and the status page in real Chromium against the real local stack (DynamoDB Local, the
 * Step Functions service, the SES catcher, the gateway serving web/ and the handlers), as a customer uses them.
 * Screenshots land in test/e2e/output/ for a person to look at; they are not assertions.
 */

const session = browserSession();

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Records what the page sends and any script error, so the test can assert on both. */
function watch(page: Page) {
  const seen = { urls: [] as string[], complaintPosts: [] as { key: string | undefined }[], errors: [] as string[] };
  page.on('request', (r) => {
    seen.urls.push(r.url());
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/complaints') seen.complaintPosts.push({ key: r.headers()['idempotency-key'] });
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  return seen;
}

async function openForm(page: Page) {
  await page.goto(session.stack.urls.web);
  await page.locator('#f-category option[value="commission_dispute"]').waitFor({ state: 'attached' });
}

/** Focuses a field and types into it as a person would. */
async function type(page: Page, selector: string, text: string) {
  await page.locator(selector).focus();
  await page.keyboard.type(text);
}

/** The status page fills in once the case loads; the acknowledgment arrives when the workflow's first step ran. */
async function waitForTimelineEntry(page: Page, pattern: RegExp) {
  const timeline = page.locator('#timeline');
  for (let attempt = 0; attempt < 40; attempt++) {
    if (pattern.test((await timeline.textContent()) ?? '')) return;
    // The case read again is drawn after its answer arrives (and its files are read after it): the page marks the case
    // busy until then, so the next look at the timeline is at this read's.
    const id = new URL(page.url()).searchParams.get('id');
    await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === `/complaints/${id}`, settle), page.locator('#refresh').click()]);
    await page.locator('#case:not([aria-busy])').waitFor({ state: 'visible', ...settle });
  }
  throw new Error(`the timeline never showed ${pattern}: ${await timeline.textContent()}`);
}

describe('hosted complaint form (Chromium, local stack)', () => {
  it('takes a complaint by keyboard, flags a missing detail, then shows the case number and a working status link', async () => {
    const page = await session.browser.context.newPage();
    const seen = watch(page);
    await openForm(page);

    // Keyboard only: the skip link, then the category; typing picks an option as in any select.
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('f-category');
    await page.keyboard.type('Commission');
    await expect.poll(() => page.locator('#f-category').inputValue()).toBe('commission_dispute');

    // Exactly the fields the category requires appear, labelled, right after the category in tab order.
    const details = page.locator('#details-fields input, #details-fields select, #details-fields textarea');
    expect(await details.evaluateAll((els) => els.map((e) => e.id))).toEqual([
      'f-details-prospectName',
      'f-details-prospectEmail',
      'f-details-saleDate',
    ]);
    for (const id of ['f-details-prospectName', 'f-details-prospectEmail', 'f-details-saleDate']) {
      expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
    }
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('f-details-prospectName');

    // Leave the prospect's name out.
    await type(page, '#f-details-prospectEmail', 'prospect@example.com');
    await type(page, '#f-subject', 'Commission missing for a sale');
    await type(page, '#f-description', 'My referral bought the course on 2 November; no commission shows on my dashboard.');
    await type(page, '#f-customer-name', 'Ada Obi');
    await type(page, '#f-customer-email', 'ada@example.com');
    await page.keyboard.press('Enter'); // implicit submission from the last field

    // The error summary takes focus (and is an alert), and the field says what is wrong, tied by aria-describedby.
    await expect.poll(() => focusedId(page)).toBe('error-summary');
    expect(await page.locator('#error-summary').getAttribute('role')).toBe('alert');
    expect(await page.locator('#error-summary').textContent()).toContain("Prospect's name is required");
    const nameInput = page.locator('#f-details-prospectName');
    expect(await nameInput.getAttribute('aria-invalid')).toBe('true');
    expect((await nameInput.getAttribute('aria-describedby'))?.split(' ')).toContain('f-details-prospectName-error');
    expect(await page.locator('#f-details-prospectName-error').innerText()).toBe("Error: Prospect's name is required");
    expect(seen.complaintPosts).toHaveLength(0); // nothing was sent
    await session.shot(page, 'form-1-form-error');

    // From the summary, the link moves focus to the field; fix it and send with Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('f-details-prospectName');
    await page.keyboard.type('Bola Ade');
    await page.keyboard.press('Enter');

    await page.locator('#success').waitFor({ state: 'visible' });
    expect(await focusedId(page)).toBe('success-title');
    const caseNumber = (await page.locator('#case-number').textContent()) ?? '';
    expect(caseNumber).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    expect(seen.complaintPosts).toHaveLength(1);
    expect(seen.complaintPosts[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    await session.shot(page, 'form-2-success');

    // The status link carries the token in the fragment only.
    const href = (await page.locator('#status-link').getAttribute('href')) ?? '';
    const link = new URL(href, session.stack.urls.web);
    const token = new URLSearchParams(link.hash.slice(1)).get('token') ?? '';
    expect(link.pathname).toBe('/case.html');
    expect(link.searchParams.get('id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(token.length).toBeGreaterThan(20);
    expect(link.search).not.toContain(token);

    await page.locator('#status-link').focus();
    await Promise.all([page.waitForURL(/\/case\.html\?id=/), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('#case-number').textContent(), settle).toBe(caseNumber);
    await waitForTimelineEntry(page, /acknowledg/i);
    expect(await page.locator('h1').textContent()).toBe(`Case ${caseNumber}`);
    expect(await page.locator('#clocks li').count()).toBeGreaterThan(0);
    await session.shot(page, 'form-3-case');

    // The token never left the browser in a URL (only in the Authorization header).
    expect(seen.urls.filter((u) => u.includes(token))).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('sends one complaint when the response is lost and the customer sends again (same Idempotency-Key)', async () => {
    const page = await session.browser.context.newPage();
    const seen = watch(page);
    await openForm(page);
    await page.locator('#f-category').selectOption('refund_request');
    await type(page, '#f-details-orderReference', 'ORD-2026-1182');
    await type(page, '#f-details-amount', '19.99');
    await page.locator('#f-details-amount-currency').selectOption('USD');
    // Every control, the money field's currency select included, has a label of its own.
    const unlabelled = await page
      .locator('#complaint-form input, #complaint-form select, #complaint-form textarea')
      .evaluateAll((els) => els.filter((e) => ((e as HTMLInputElement).labels?.length ?? 0) === 0).map((e) => e.id));
    expect(unlabelled).toEqual([]);
    await type(page, '#f-details-reason', 'The course never unlocked.');
    await type(page, '#f-subject', 'Refund please');
    await type(page, '#f-description', 'The course never unlocked after payment.');
    await type(page, '#f-customer-name', 'Ada Obi');
    await type(page, '#f-customer-email', 'ada@example.com');

    // The first request reaches the real API, but its answer is lost on the way back.
    let firstAnswer: { caseNumber?: string; details?: unknown } = {};
    await page.route('**/complaints', async (route) => {
      const response = await route.fetch();
      firstAnswer = (await response.json()) as typeof firstAnswer;
      await route.abort('connectionreset');
    }, { times: 1 });
    await page.locator('#submit').click();
    await expect.poll(() => page.locator('#status').textContent(), settle).toContain('will not be sent twice');
    expect(firstAnswer.caseNumber).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);

    await page.locator('#submit').click();
    await page.locator('#success').waitFor({ state: 'visible' });
    expect(await page.locator('#case-number').textContent()).toBe(firstAnswer.caseNumber);
    expect(seen.complaintPosts).toHaveLength(2);
    expect(seen.complaintPosts[1]!.key).toBe(seen.complaintPosts[0]!.key);
    await page.close();
  });

  it("puts the server's own field errors (problem+json) on the matching inputs", async () => {
    const page = await session.browser.context.newPage();
    await openForm(page);
    await page.locator('#f-category').selectOption('commission_dispute');
    await type(page, '#f-details-prospectName', 'Bola Ade');
    await type(page, '#f-details-prospectEmail', 'prospect@example.com');
    await type(page, '#f-subject', 'Commission missing');
    await type(page, '#f-description', 'No commission for my referral.');
    await type(page, '#f-customer-name', 'Ada Obi');
    await type(page, '#f-customer-email', 'ada@example.com');

    // An older page or a changed policy can disagree with the server: alter what is sent, let the real API judge it.
    await page.route('**/complaints', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { customer: { email: string }; details: Record<string, unknown> };
      body.details.prospectEmail = 'not an email';
      body.customer.email = 'ada@';
      await route.continue({ postData: JSON.stringify(body) });
    }, { times: 1 });
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('#submit').click()]);
    expect([400, 422]).toContain(response.status());
    expect(response.headers()['content-type']).toContain('application/problem+json');

    await expect.poll(() => focusedId(page), settle).toBe('error-summary');
    for (const id of ['f-details-prospectEmail', 'f-customer-email']) {
      expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${id}-error`).innerText()).toMatch(/^Error: .*email/i);
    }
    expect(await page.locator('#f-details-prospectName').getAttribute('aria-invalid')).toBeNull();
    await page.close();
  });

  it('says clearly, without blaming the reader, when a case cannot be opened, and never shows another case for a wrong token', async () => {
    const page = await session.browser.context.newPage();
    await page.goto(new URL('/case.html?id=00000000-0000-4000-8000-000000000000#token=not-a-real-token', session.stack.urls.web).toString());
    await expect.poll(() => page.locator('h1').textContent(), settle).toBe('We could not open this case');
    expect(await page.locator('#no-access').isVisible()).toBe(true);
    expect(await page.locator('#case').isVisible()).toBe(false);

    // A link cut short before its key: the page says what is missing, and does not call the link mistyped.
    await page.goto(new URL('/case.html?id=00000000-0000-4000-8000-000000000000', session.stack.urls.web).toString());
    await expect.poll(() => page.locator('h1').textContent(), settle).toBe('We could not open this case');
    expect(await page.locator('#no-access-reason').textContent()).toContain('private key');
    expect(await page.locator('#no-access').textContent()).not.toMatch(/mistyped/i);
    await session.shot(page, 'form-4-not-found');
    await page.close();
  });
});
