import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, post, settle, waitFor } from './session';

/**
 * "Your details" on the case page, in real Chromium against the local stack: the payout details are hidden until
 * the customer confirms it is them; correcting the email asks for a code (emailed to the case's address, read from
 * the SES catcher) and then goes through by itself, the payout details now showing with the account number masked;
 * erasing asks for a tick and leaves the case anonymized, as staff then see it.
 */

const session = browserSession();
const { api } = session;

/** A payout complaint with the full account number (sealed at intake), acknowledged; the case page's link. */
async function payoutCase(): Promise<{ id: string; email: string; link: string }> {
  const email = `pr-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const res = await api(
    '/complaints',
    post(
      {
        customer: { name: 'Ngozi Eze', email },
        category: 'payout_delay',
        subject: 'My withdrawal never arrived',
        description: 'I withdrew my earnings a week ago and nothing reached my bank.',
        details: { bankName: 'Kaduna Mutual Bank', accountLast4: '1234', accountNumber: '30571869241234', amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
      },
      { 'idempotency-key': crypto.randomUUID() },
    ),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; accessToken: string };
  await session.acknowledged(created.id);
  return { id: created.id, email, link: session.web(`/case.html?id=${created.id}#token=${created.accessToken}`) };
}

/** Asks for a code from the panel and reads it from the newest verification mail to `email`. */
async function emailedCode(page: Page, email: string): Promise<string> {
  const codes = async () => (await session.caughtMail()).filter((m) => m.destination.to.includes(email) && /verification code/.test(m.subject));
  const before = (await codes()).length;
  await page.locator('#step-up-send').click();
  await page.locator('#step-up-form').waitFor({ state: 'visible', ...settle });
  const mail = await waitFor('the code email', async () => (await codes())[before]);
  return /code is (\d{6})/.exec(mail.body.text ?? '')![1]!;
}

async function enterCode(page: Page, code: string) {
  await page.locator('#step-up-code').fill(code);
  await Promise.all([page.waitForResponse((r) => r.url().includes('/step-up/verify'), settle), page.locator('#step-up-form button[type="submit"]').click()]);
}

describe('"Your details" on the case page (Chromium, local stack)', () => {
  it('payout details only after a code; a corrected email after a code; an erasure after a tick', async () => {
    const c = await payoutCase();
    const { page, seen } = await session.openCasePage(c.link);

    // Payout details: hidden, the page says a code unlocks them.
    await page.locator('#payout').waitFor({ state: 'visible', ...settle });
    expect(await page.locator('#payout-locked-text').textContent()).toMatch(/confirm it is you/);
    expect(await page.locator('#payout-details').isHidden()).toBe(true);
    expect(await page.content()).not.toContain('Kaduna Mutual Bank');

    // Correcting the email: refused for a step-up, the panel opens; the right code sends the correction again.
    const corrected = c.email.replace('@example.com', '@example.net');
    await page.locator('#contact-email').fill(corrected);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/contact'), settle), page.locator('#form-contact button[type="submit"]').click()]);
    await page.locator('#step-up').waitFor({ state: 'visible', ...settle });
    const code = await emailedCode(page, c.email);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/contact') && r.status() === 200, settle), enterCode(page, code)]);
    await expect.poll(() => page.locator('#privacy-result').textContent(), settle).toContain('contact details were corrected');
    await expect.poll(() => page.locator('#timeline').textContent(), settle).toContain('You corrected the contact email on this case.');
    const staffView = await session.staffRequest('supervisor', `/staff/complaints/${c.id}`);
    expect(staffView.body.customer).toEqual({ name: 'Ngozi Eze', email: corrected });
    // The old address is told, once, by the SES catcher's count; the new address only masked.
    const notices = async () => (await session.caughtMail()).filter((m) => m.destination.to.includes(c.email) && /email address was changed/.test(m.subject));
    const notice = await waitFor('the notice to the old address', async () => (await notices())[0]);
    expect(notice.body.text).toContain(`was changed on `);
    expect(notice.body.text).toContain(corrected.replace(/^(.)[^@]*@/, '$1***@'));
    expect(`${notice.body.text} ${notice.body.html ?? ''}`).not.toContain(corrected);

    // The verification is fresh: the payout details show, the account number masked.
    await expect.poll(() => page.locator('#payout-details').textContent(), settle).toContain('Kaduna Mutual Bank');
    expect(await page.locator('#payout-details').textContent()).toContain('••••1234');
    expect(await page.content()).not.toContain('30571869241234');
    expect(await page.locator('#payout-locked').isHidden()).toBe(true);

    // Erasure: nothing without the tick; with it, the case is anonymized.
    await page.locator('#form-erase button[type="submit"]').click();
    await expect.poll(() => page.locator('#privacy-result').textContent(), settle).toContain('Tick the box');
    await page.locator('#erase-confirm').check();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/erasure') && r.status() === 200, settle), page.locator('#form-erase button[type="submit"]').click()]);
    await expect.poll(() => page.locator('#privacy-result').textContent(), settle).toContain('personal data was erased');
    const erased = await session.staffRequest('supervisor', `/staff/complaints/${c.id}`);
    expect(erased.body).toMatchObject({ customer: { name: '(erased)' }, subject: '(erased)' });
    expect(await page.locator('#payout').isHidden()).toBe(true);
    expect(seen.errors).toEqual([]);
    // By the end (the erasure's mail included), still the one notice at the old address.
    expect(await notices()).toHaveLength(1);
    await session.shot(page, 'privacy-rights');
    await page.close();
  });
});
