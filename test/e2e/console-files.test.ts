import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, post, settle } from './session';

/**
 * A case's files in the staff console's case view, in real Chromium against the local stack: the customer's file is
 * listed (type, size, a working 5-minute link); an agent who may act on the case uploads one through the presigned
 * form and sees it listed; a disguised program is refused with nothing stored; on a closed case (nothing to do)
 * staff see the files but no upload form.
 */
const session = browserSession({ policy: 'promptearn' });

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(64, 0x20), Buffer.from('\n%%EOF\n')]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(200, 0)]);
const TEXT = Buffer.from('Payout statement, November 2026\n');

/** The customer's own upload through the case page's endpoint (the presigned form, then a listing that checks it). */
async function customerUploads(id: string, accessToken: string, body: Buffer, type: string) {
  const auth = { authorization: `Bearer ${accessToken}` };
  const form = (await (await session.api(`/complaints/${id}/attachments`, { method: 'POST', headers: auth })).json()) as { url: string; fields: Record<string, string> };
  const data = new FormData();
  for (const [k, v] of Object.entries(form.fields)) data.append(k, v);
  data.append('Content-Type', type);
  data.append('file', new Blob([new Uint8Array(body)], { type }), 'statement.txt');
  expect((await fetch(form.url, { method: 'POST', body: data })).ok).toBe(true);
  expect((await session.api(`/complaints/${id}/attachments`, { headers: auth })).status).toBe(200);
}

async function openInConsole(role: string, sub: string, id: string) {
  const page = await session.signedInPage(role, sub);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(session.web(`/console/#/case/${id}`));
  await page.locator('#case-files li[data-file], #case-files li.hint:not(:has-text("Loading"))').first().waitFor(settle);
  return { page, errors };
}

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.locator('#case-upload-file').setInputFiles({ name, mimeType, buffer });
  await page.locator('#case-upload button[type="submit"]').click();
  await page.locator('#case-upload-result').waitFor({ state: 'visible', ...settle });
  const text = (await page.locator('#case-upload-result').textContent()) ?? '';
  await page.locator('#case-upload-result').evaluate((n) => ((n as HTMLElement).hidden = true));
  return text;
}

describe('staff console: case files (Chromium, local stack)', () => {
  it("an agent sees the customer's file with a working link, uploads a PDF, and a disguised program is refused with nothing stored", async () => {
    // Prepare: a case whose customer already sent a statement.
    const created = await session.fileComplaint('Receipt for the missing commission');
    await session.acknowledged(created.id);
    await customerUploads(created.id, created.accessToken, TEXT, 'text/plain');
    const claim = await session.staffAct('agent', created.id, { type: 'claim' }, 'agent-files-e2e');
    expect(claim.status).toBe(200);

    // Act
    const { page, errors } = await openInConsole('agent', 'agent-files-e2e', created.id);
    const before = await page.locator('#case-files li[data-file]').allTextContents();
    const customerLink = await page.locator('#case-files li[data-file] a').first().getAttribute('href');
    const accepted = await upload(page, 'receipt.pdf', 'application/pdf', PDF);
    const disguised = await upload(page, 'invoice.pdf', 'application/pdf', EXE);
    await session.shot(page, 'console-case-files');

    // Assess
    expect(before).toEqual([`File 1 — Text, ${TEXT.length} bytes`]);
    expect(Buffer.from(await (await fetch(customerLink!)).arrayBuffer())).toEqual(TEXT);
    expect(accepted).toBe('“receipt.pdf” was added to the case.');
    expect(disguised).toBe('“invoice.pdf” was not kept: we do not accept this kind of file. Nothing of it was stored.');
    const rows = page.locator('#case-files li[data-file]');
    expect(await rows.count()).toBe(2);
    const listed = await rows.allTextContents();
    expect(listed.some((t) => t.includes(`PDF, ${PDF.length} bytes`))).toBe(true);
    const pdfRow = rows.filter({ hasText: 'PDF' });
    expect(Buffer.from(await (await fetch((await pdfRow.locator('a').getAttribute('href'))!)).arrayBuffer())).toEqual(PDF);
    const staffList = await session.staffRequest('supervisor', `/staff/complaints/${created.id}/attachments`, undefined, 'sup-files-e2e');
    expect((staffList.body as unknown as { files: unknown[] }).files).toHaveLength(2);
    expect(errors).toEqual([]);
  }, 120_000);

  it('on a case the console offers nothing to do (closed), staff see its files but no upload form', async () => {
    // Prepare
    const created = await session.fileComplaint('Statement attached');
    await session.acknowledged(created.id);
    await customerUploads(created.id, created.accessToken, TEXT, 'text/plain');
    const close = await session.staffAct('supervisor', created.id, { type: 'close', reason: 'Duplicate of an earlier case.' }, 'sup-files-e2e');
    expect(close.status).toBe(200);

    // Act
    const { page, errors } = await openInConsole('supervisor', 'sup-files-e2e', created.id);

    // Assess
    expect(await page.locator('#case-actions').textContent()).toContain('Nothing for your role to do');
    expect(await page.locator('#case-files li[data-file]').count()).toBe(1);
    expect(await page.locator('#case-upload').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
