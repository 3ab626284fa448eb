import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, MOBILE, settle, type CaughtEmail } from './session';

/**
 * Every customer email after the acknowledgment opens the case by its own link (a signed access link in the
 * fragment), in real Chromium against the real local stack: the customer never uses the acknowledgment's token.
 * From the staff reply's email they reply, from the information request's they answer, from the resolution's they
 * dispute; from the satisfaction survey's they accept and rate. Each email's HTML is shown at 390 px too.
 * Screenshots land in test/e2e/output/ (gitignored) for a person to look at; they are not assertions.
 */

const session = browserSession();
const { mailTo, shot } = session;

async function staffAct(id: string, body: unknown): Promise<void> {
  expect((await session.staffAct('agent', id, body, 'agent-mail')).status).toBe(200);
}

/**
 * The case link of an email: the anchor of its HTML part, which must be the link of its text part too. The email
 * points at PUBLIC_BASE_URL; the test's stack listens on a random port, so the path, query and fragment are kept.
 */
function caseLinkOf(mail: CaughtEmail, caseId: string): string {
  const hrefs = [...(mail.body.html ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  const href = hrefs.find((h) => h.includes(`/case.html?id=${caseId}#access=`));
  expect(href, `an anchor to the case in "${mail.subject}"`).toBeDefined();
  expect(mail.body.text).toContain(href);
  return session.onThisStack(href!);
}

/** The email as a phone shows it: its HTML part in a 390 px page. */
async function showEmail(mail: CaughtEmail, name: string, caseNumber: string) {
  const page = await session.browser.context.newPage();
  await page.setViewportSize(MOBILE);
  await page.setContent(mail.body.html ?? '', { waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // The link reads as the case number, not as a URL running off the screen.
  expect(await page.locator('a[href*="#access="]').first().textContent()).toBe(caseNumber);
  await shot(page, name);
  await page.close();
}

/** A complaint through the public API, acknowledged by the workflow; its token is not used again. */
async function acknowledgedCase(subject: string) {
  const created = await session.fileComplaint(subject);
  await mailTo(created.email, /^We received your complaint/);
  return created;
}

const openCasePage = (link: string, viewport = MOBILE) => session.openCasePage(link, viewport);

async function submit(page: Page, form: string, confirmation: string) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/actions'), settle), page.locator(`${form} button[type="submit"]`).click()]);
  await expect.poll(() => page.locator('#action-result').textContent(), settle).toContain(confirmation);
}

const visibleForms = (page: Page) => page.locator('form.action-form:visible').evaluateAll((forms) => forms.map((f) => (f as HTMLElement).dataset.action));
const timeline = (page: Page) => page.locator('#timeline').textContent();

describe("customer emails' links (Chromium, local stack)", () => {
  it('the staff reply, information request and resolution emails each open the case: reply, answer, dispute', async () => {
    // Prepare
    const c = await acknowledgedCase('Commission missing for a sale');
    const access: string[] = [];

    // The staff reply's email: its words are on the page, and the customer replies there.
    await staffAct(c.id, { type: 'reply', message: 'We are checking the sale with the vendor.' });
    const replyMail = await mailTo(c.email, /^Update on case/);
    await showEmail(replyMail, 'email-1-staff-reply-390', c.caseNumber);
    const fromReply = await openCasePage(caseLinkOf(replyMail, c.id));
    access.push(new URL(caseLinkOf(replyMail, c.id)).hash);
    expect(await fromReply.page.locator('h1').textContent()).toBe(`Case ${c.caseNumber}`);
    expect(await fromReply.page.locator('#timeline .message').allTextContents()).toContain('We are checking the sale with the vendor.');
    await fromReply.page.locator('#reply-message').fill('The sale was on 20 November, order PE-8812.');
    await submit(fromReply.page, '#form-reply', 'your message was sent');
    expect(await timeline(fromReply.page)).toContain('The sale was on 20 November, order PE-8812.');
    await shot(fromReply.page, 'email-link-1-replied-390');

    // The information request's email: the questions are on the page, and the customer answers them.
    await staffAct(c.id, { type: 'requestInfo', questions: 'Which email address did your prospect use?' });
    const infoMail = await mailTo(c.email, /^More details needed/);
    await showEmail(infoMail, 'email-2-info-request-390', c.caseNumber);
    const fromInfo = await openCasePage(caseLinkOf(infoMail, c.id), { width: 1000, height: 900 });
    access.push(new URL(caseLinkOf(infoMail, c.id)).hash);
    expect(await fromInfo.page.locator('#timeline .message').allTextContents()).toContainEqual(expect.stringContaining('Which email address did your prospect use?'));
    expect(await visibleForms(fromInfo.page)).toEqual(['answer', 'escalate']);
    await fromInfo.page.locator('#answer-message').fill('bola@example.com');
    await submit(fromInfo.page, '#form-answer', 'your answer was sent');
    await shot(fromInfo.page, 'email-link-2-answered-desktop');

    // The resolution's email: what was done is on the page, and the customer disputes it.
    await staffAct(c.id, { type: 'resolve', summary: 'Half of the commission was credited.', actionsTaken: 'Matched the sale by the prospect email.' });
    const resolutionMail = await mailTo(c.email, /resolved$/);
    await showEmail(resolutionMail, 'email-3-resolution-390', c.caseNumber);
    const fromResolution = await openCasePage(caseLinkOf(resolutionMail, c.id));
    access.push(new URL(caseLinkOf(resolutionMail, c.id)).hash);
    const words = (await fromResolution.page.locator('#timeline .message').allTextContents()).join('\n');
    expect(words).toContain('Half of the commission was credited.');
    expect(words).toContain('Actions taken: Matched the sale by the prospect email.');
    expect(await visibleForms(fromResolution.page)).toEqual(['reply', 'accept', 'dispute', 'rate']);
    await fromResolution.page.locator('#dispute-reason').fill('Only half of the commission arrived.');
    await submit(fromResolution.page, '#form-dispute', 'higher level will review');
    expect(await fromResolution.page.locator('#case-status').textContent()).toBe('Escalated senior');
    expect(await fromResolution.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(fromResolution.page, 'email-link-3-disputed-390');

    // Assess: the links were the emails' own (never the token), and no credential ever went into a URL the browser sent.
    const pages = [fromReply, fromInfo, fromResolution];
    const sent = pages.flatMap((p) => p.seen.urls);
    for (const hash of access) expect(sent.filter((u) => u.includes(hash.slice('#access='.length)))).toEqual([]);
    expect(sent.filter((u) => u.includes(c.accessToken))).toEqual([]);
    expect(pages.flatMap((p) => p.seen.errors)).toEqual([]);
    expect(await fromReply.page.evaluate(() => document.querySelector('meta[name="referrer"]')?.getAttribute('content'))).toBe('no-referrer');
    for (const p of pages) await p.page.close();
  });

  it("a tampered link, or another case's link, gets the page's 'could not open' answer", async () => {
    const a = await acknowledgedCase('First case');
    const b = await acknowledgedCase('Second case');
    await staffAct(a.id, { type: 'reply', message: 'Looking into it.' });
    const link = new URL(caseLinkOf(await mailTo(a.email, /^Update on case/), a.id));
    const tampered = `${link.origin}${link.pathname}${link.search}${link.hash.slice(0, -2)}${link.hash.endsWith('AA') ? 'BB' : 'AA'}`;
    const foreign = `${link.origin}${link.pathname}?id=${b.id}${link.hash}`;
    for (const [name, url] of [['tampered', tampered], ['foreign', foreign]] as const) {
      const page = await session.browser.context.newPage();
      await page.goto(url);
      await page.locator('#no-access').waitFor({ state: 'visible', ...settle });
      expect(await page.locator('h1').textContent()).toBe('We could not open this case');
      if (name === 'foreign') await shot(page, 'email-link-4-refused-desktop');
      await page.close();
    }
  });

  // Last in this file: it moves the stack's virtual clock forward.
  it("the satisfaction survey's email opens the case: the customer accepts the resolution and rates it", async () => {
    const c = await acknowledgedCase('Survey case');
    await staffAct(c.id, { type: 'resolve', summary: 'The commission was credited.' });
    await session.stack.clock.advance('PT25H'); // promptearn's follow-up comes 24 hours after the resolution
    const surveyMail = await mailTo(c.email, /^How did we do/);
    await showEmail(surveyMail, 'email-4-survey-390', c.caseNumber);

    const { page, seen } = await openCasePage(caseLinkOf(surveyMail, c.id));
    expect(await visibleForms(page)).toEqual(['reply', 'accept', 'dispute', 'rate']);
    await submit(page, '#form-accept', 'you accepted the resolution');
    expect(await page.locator('#case-status').textContent()).toBe('Closed');
    await page.locator('#form-rate input[name="score"][value="5"]').check();
    await page.locator('#rate-comment').fill('The link in the email just worked.');
    await submit(page, '#form-rate', 'Thank you for your rating.');
    expect(await timeline(page)).toContain('You rated the handling of your case 5 out of 5.');
    expect(await visibleForms(page)).toEqual([]);
    await shot(page, 'email-link-5-rated-390');
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});
