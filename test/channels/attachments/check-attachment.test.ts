import { describe, expect, it } from 'vitest';
import { checkAttachment } from '../../../functions/channels/attachments/check-attachment';
import { parseEmail } from '../../../functions/channels/email/parse-email';
import { rawMail } from '../email/mail-fixtures';

/** Real files: the PNG and PDF attached to a fixture email, and hand-made headers of other formats. */
async function fixtureFiles() {
  const email = await parseEmail(rawMail('new-complaint-attachments.eml'));
  const png = email.attachments.find((a) => a.declaredType === 'image/png')!.content;
  const pdf = email.attachments.find((a) => a.declaredType === 'application/pdf')!.content;
  return { png, pdf };
}
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
/** A Windows executable's DOS header ("MZ" … "PE\0\0"), the classic thing renamed to receipt.pdf. */
const exe = (() => {
  const b = new Uint8Array(256);
  b.set([0x4d, 0x5a]);
  b.set([0x80, 0x00, 0x00, 0x00], 0x3c);
  b.set([0x50, 0x45, 0x00, 0x00], 0x80);
  return b;
})();
const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...new Array(40).fill(0)]);

describe('checkAttachment', () => {
  it('accepts a PDF, a PNG, a JPEG declared as image/jpg and UTF-8 text, each typed from its content', async () => {
    // Prepare
    const { png, pdf } = await fixtureFiles();
    const text = new TextEncoder().encode('Order 4417, paid 49,90 €\r\nTracking: none\n');

    // Act
    const results = await Promise.all([
      checkAttachment(pdf, { filename: 'receipt-2026-11.pdf', declaredType: 'application/pdf' }),
      checkAttachment(png, { filename: 'Statement.PNG', declaredType: 'image/png' }),
      checkAttachment(jpeg, { filename: 'photo.jpeg', declaredType: 'image/jpg' }),
      checkAttachment(text, { filename: 'notes.txt', declaredType: 'text/plain; charset=utf-8' }),
    ]);

    // Assess
    expect(results.map((r) => (r.ok ? r.type : r.reason))).toEqual(['application/pdf', 'image/png', 'image/jpeg', 'text/plain']);
    expect(results[0]).toMatchObject({ ok: true, extension: 'pdf', size: pdf.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses disguised files: a PNG named .pdf, a PDF declared image/png', async () => {
    // Prepare
    const { png, pdf } = await fixtureFiles();

    // Act
    const results = await Promise.all([checkAttachment(png, { filename: 'receipt.pdf' }), checkAttachment(pdf, { declaredType: 'image/png' })]);

    // Assess
    expect(results).toEqual([
      { ok: false, reason: 'disguised', detail: 'named .pdf but the content is image/png' },
      { ok: false, reason: 'disguised', detail: 'declared image/png but the content is application/pdf' },
    ]);
  });

  it('refuses types off the list whatever they are called: an executable named receipt.pdf, a zip, unknown binary', async () => {
    // Prepare
    const binary = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256);

    // Act
    const results = await Promise.all([
      checkAttachment(exe, { filename: 'receipt.pdf', declaredType: 'application/pdf' }),
      checkAttachment(zip, { filename: 'statements.zip' }),
      checkAttachment(binary, { filename: 'data.txt' }),
    ]);

    // Assess
    expect(results.map((r) => (r.ok ? r.type : r.reason))).toEqual(['type-not-allowed', 'type-not-allowed', 'type-not-allowed']);
    expect(results[0]!.ok === false && results[0]!.detail).toMatch(/^content is application\/x-msdownload/);
  });

  it('refuses an empty file and one over the size limit, before sniffing', async () => {
    // Prepare
    const { pdf } = await fixtureFiles();

    // Act
    const results = await Promise.all([checkAttachment(new Uint8Array(0)), checkAttachment(pdf, { maxBytes: pdf.length - 1 }), checkAttachment(pdf, { maxBytes: pdf.length })]);

    // Assess
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['empty', 'too-large', 'ok']);
  });
});
