import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { STEP_UP } from '../../functions/domain/identity/step-up';
import { browserSession, post, settle, waitFor } from './session';

/**
 * The step-up screen of the case page in real Chromium against the local stack: escalating a payout complaint asks
 * the customer to confirm with a code emailed to the case's address (read from the SES catcher); a wrong code says
 * how many tries are left, the right one lets the escalation through, and staff see when and how the customer was
 * verified. Five wrong codes lock the case's codes out, and the page says for how long.
 */

const session = browserSession();
const { api } = session;
/** Polls on real time (the stack's virtual clock moves this process's timers). */
const eventually = waitFor;

async function supervisor(): Promise<string> {
  const res = await api('/_local/dev-token', post({ sub: 'sup-step-up', groups: ['supervisor'] }));
  return ((await res.json()) as { token: string }).token;
}

type Mail = { destination: { to: string[] }; subject?: string; body: { text?: string } };
const mails = async (to: string) => ((await (await fetch(session.stack.urls.sesStore)).json()) as { emails: Mail[] }).emails.filter((e) => e.destination.to.includes(to));

/** A payout complaint, acknowledged and resolved by staff, and the case page's link. */
async function resolvedPayout(): Promise<{ id: string; email: string; link: string }> {
  const email = `p-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const res = await api(
    '/complaints',
    post(
      {
        customer: { name: 'Ada Obi', email },
        category: 'payout_delay',
        subject: 'My withdrawal never arrived',
        description: 'I withdrew my earnings a week ago and nothing reached my bank.',
        details: { bankName: 'GTBank', accountLast4: '1234', amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
      },
      { 'idempotency-key': crypto.randomUUID() },
    ),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; accessToken: string };
  const token = await supervisor();
  await eventually('the acknowledgment', async () => {
    const c = (await (await api(`/staff/complaints/${created.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
    return c.status === 'acknowledged' ? true : undefined;
  });
  const resolved = await api(`/staff/complaints/${created.id}/actions`, post({ type: 'resolve', summary: 'The payout was sent again.' }, { authorization: `Bearer ${token}` }));
  expect(resolved.status).toBe(200);
  return { id: created.id, email, link: new URL(`/case.html?id=${created.id}#token=${created.accessToken}`, session.stack.urls.web).toString() };
}

async function openCase(link: string) {
  const page = await session.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(link);
  await page.locator('#case').waitFor({ state: 'visible', ...settle });
  return { page, errors };
}

async function dispute(page: Page) {
  await page.locator('#dispute-reason').fill('The money still has not reached my account.');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/actions'), settle), page.locator('#form-dispute button[type="submit"]').click()]);
}

/** Asks for a code from the panel and reads it from the newest mail to the case's address. */
async function emailedCode(page: Page, email: string): Promise<string> {
  const before = (await mails(email)).filter((m) => /verification code/.test(m.subject ?? '')).length;
  await page.locator('#step-up-send').click();
  await page.locator('#step-up-form').waitFor({ state: 'visible', ...settle });
  const mail = await eventually('the code email', async () => (await mails(email)).filter((m) => /verification code/.test(m.subject ?? ''))[before]);
  return /code is (\d{6})/.exec(mail.body.text ?? '')![1]!;
}

/**
 * The verify button is disabled (aria-disabled) until the page has handled the last answer, and the click waits for
 * it: the response's arrival alone is not that (a submit while the page is still busy is dropped without a request).
 */
async function tryCode(page: Page, code: string) {
  await page.locator('#step-up-code').fill(code);
  await Promise.all([page.waitForResponse((r) => r.url().includes('/step-up/verify'), settle), page.locator('#step-up-form button[type="submit"]').click()]);
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('step-up on the case page (Chromium, local stack)', () => {
  it('escalating a payout complaint asks for a code; a wrong one says the tries left; the right one lets the escalation through, and staff see it', async () => {
    const c = await resolvedPayout();
    const { page, errors } = await openCase(c.link);

    await dispute(page);
    await page.locator('#step-up').waitFor({ state: 'visible', ...settle });
    expect(await page.locator('#action-result').textContent()).toMatch(/confirm it is you/);
    expect(await page.locator('#case-status').textContent()).toBe('Resolved');

    const code = await emailedCode(page, c.email);
    expect(await page.locator('#step-up-status').textContent()).toMatch(/We emailed a six-digit code to p\*\*\*@example\.com/);

    await tryCode(page, wrong(code));
    await expect.poll(() => page.locator('#step-up-error').textContent(), settle).toContain(`${STEP_UP.maxAttempts - 1} attempts left`);

    // The right code: the panel closes and the dispute goes again by itself.
    await Promise.all([page.waitForResponse((r) => r.url().includes('/actions') && r.status() === 200, settle), tryCode(page, code)]);
    await expect.poll(() => page.locator('#action-result').textContent(), settle).toContain('higher level will review');
    expect(await page.locator('#step-up').isHidden()).toBe(true);
    expect(await page.locator('#case-status').textContent()).toBe('Escalated senior');

    const staffView = (await (await api(`/staff/complaints/${c.id}`, { headers: { authorization: `Bearer ${await supervisor()}` } })).json()) as { customerVerification?: { method: string; verifiedAt: string } };
    expect(staffView.customerVerification).toMatchObject({ method: 'email_code' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('five wrong codes lock the codes out: the page says so and for how long, and offers no more tries', async () => {
    const c = await resolvedPayout();
    const { page, errors } = await openCase(c.link);
    await dispute(page);
    await page.locator('#step-up').waitFor({ state: 'visible', ...settle });
    const code = await emailedCode(page, c.email);
    for (let i = 0; i < STEP_UP.maxAttempts; i++) await tryCode(page, wrong(code));

    await expect.poll(() => page.locator('#step-up-error').textContent(), settle).toMatch(/locked; ask for a new code in 15 minutes/);
    expect(await page.locator('#step-up-form').isHidden()).toBe(true);
    expect(await page.locator('#step-up-send').isDisabled()).toBe(true);
    expect(await page.locator('#case-status').textContent()).toBe('Resolved');
    expect(errors).toEqual([]);
    await page.close();
  });
});
