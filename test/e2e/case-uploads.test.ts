import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { aws } from '../integration/local-helpers';
import { browserSession, settle } from './session';

/**
 * The upload form on the customer's case page, in real Chromium against the local stack (desktop and 390 px): a PDF
 * goes through the presigned POST and is listed with a working download link (and by the AWS CLI); a program named
 * .pdf is refused on its content with nothing stored; a file over the limit is refused before it is sent. The
 * complaint form sends the files chosen with it through the same flow once the case is filed.
 */
const session = browserSession({ policy: 'promptearn' });

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(64, 0x20), Buffer.from('\n%%EOF\n')]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(200, 0)]);


async function openCase(viewport?: { width: number; height: number }) {
  const res = await session.api('/complaints', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { name: 'Ada Obi', email: `ada-${crypto.randomUUID()}@example.com` }, category: 'technical_issue', subject: 'Receipt', description: 'I have the receipt.' }),
  });
  const { id, accessToken } = (await res.json()) as { id: string; accessToken: string };
  const page = await session.browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(`/case.html?id=${id}#token=${accessToken}`, session.stack.urls.web).toString());
  await page.locator('#files li').first().waitFor(settle);
  return { id, page, errors };
}

async function choose(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.locator('#upload-file').setInputFiles({ name, mimeType, buffer });
  await page.locator('#form-upload button[type="submit"]').click();
  await page.locator('#upload-result').waitFor({ state: 'visible', ...settle });
  const text = (await page.locator('#upload-result').textContent()) ?? '';
  await page.locator('#upload-result').evaluate((n) => ((n as HTMLElement).hidden = true));
  return text;
}

describe('customer case page: files (Chromium, local stack)', () => {
  it('a PDF is uploaded and listed with a download link; a disguised program is refused and nothing of it stored; an oversized file never leaves the page', async () => {
    // Prepare
    const { id, page, errors } = await openCase();
    expect(await page.locator('#files').textContent()).toContain('No files yet.');
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));

    // Act
    const accepted = await choose(page, 'receipt.pdf', 'application/pdf', PDF);
    const disguised = await choose(page, 'invoice.pdf', 'application/pdf', EXE);
    const postsBefore = posts.length;
    const oversized = await choose(page, 'scan.pdf', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
    await session.shot(page, 'case-files-desktop');

    // Assess
    expect(accepted).toBe('Thank you: “receipt.pdf” was added to your case.');
    expect(disguised).toBe('“invoice.pdf” was not kept: we do not accept this kind of file. Nothing of it was stored.');
    expect(oversized).toMatch(/“scan\.pdf” is 10\.0 MB; we accept files up to 10\.0 MB\./);
    expect(posts.length - postsBefore).toBe(1); // the upload form was asked for, the file itself never sent
    const links = page.locator('#files li a');
    expect(await links.count()).toBe(1);
    expect(await page.locator('#files li').first().textContent()).toContain(`PDF, ${PDF.length} bytes`);
    const href = await links.first().getAttribute('href');
    expect(Buffer.from(await (await fetch(href!)).arrayBuffer())).toEqual(PDF);
    const bucket = session.stack.functions.find((f) => f.environment.FILES_BUCKET)!.environment.FILES_BUCKET!;
    const everything = await aws(session.stack.env, session.stack.urls.s3, 's3', 'ls', `s3://${bucket}/`, '--recursive');
    expect(everything.stdout.split('\n').filter((l) => l.includes(id))).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 120_000);

  it('at 390 px the files section fits the screen', async () => {
    // Act
    const { page } = await openCase({ width: 390, height: 844 });
    await choose(page, 'statement.txt', 'text/plain', Buffer.from('Payout statement, November 2026\n'));
    await session.shot(page, 'case-files-390');

    // Assess
    expect(await page.locator('#files li a').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 120_000);

  it('files chosen on the complaint form are added to the new case; a disguised one is refused by name while the complaint stays filed', async () => {
    // Prepare
    const page = await session.browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.stack.urls.web);
    await page.locator('#f-category option[value="technical_issue"]').waitFor({ state: 'attached', ...settle });
    await page.locator('#f-category').selectOption('technical_issue');
    await page.locator('#f-subject').fill('The course will not open');
    await page.locator('#f-description').fill('The course page stays blank; the receipt is attached.');
    await page.locator('#f-customer-name').fill('Ada Obi');
    await page.locator('#f-customer-email').fill(`ada-${crypto.randomUUID()}@example.com`);
    await page.locator('#f-files').setInputFiles([
      { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: EXE },
    ]);

    // Act
    const [filed] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/complaints'),
      page.locator('#submit').click(),
    ]);
    const { id, accessToken } = (await filed.json()) as { id: string; accessToken: string };
    const lines = page.locator('#success-files-list li');
    await expect.poll(() => lines.evaluateAll((ls) => ls.map((l) => l.className)), settle).toEqual(['action-result ok', 'action-result refused']);
    await session.shot(page, 'form-files-desktop');

    // Assess
    expect(filed.status()).toBe(201);
    expect(await page.locator('#success').isVisible()).toBe(true);
    expect(await lines.allTextContents()).toEqual([
      'Thank you: “receipt.pdf” was added to your case.',
      '“invoice.pdf” was not kept: we do not accept this kind of file. Nothing of it was stored.',
    ]);
    const listed = await session.api(`/complaints/${id}/attachments`, { headers: { authorization: `Bearer ${accessToken}` } });
    const { files } = (await listed.json()) as { files: { type: string; size: number; url: string }[] };
    expect(files.map((f) => [f.type, f.size])).toEqual([['application/pdf', PDF.length]]);
    expect(Buffer.from(await (await fetch(files[0]!.url)).arrayBuffer())).toEqual(PDF);
    expect(errors).toEqual([]);
  }, 120_000);
});
