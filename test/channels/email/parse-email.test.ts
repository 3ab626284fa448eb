import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../../functions/channels/email/parse-email';
import { rawMail } from './mail-fixtures';

describe('parseEmail on real MIME', () => {
  it('multipart/alternative in quoted-printable UTF-8: the plain part, the sender lower-cased, the iPhone signature stripped', async () => {
    // Prepare
    const raw = rawMail('new-complaint-alternative.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.from).toEqual({ address: 'ada.obi@example.com', name: 'Ada Obi' });
    expect(email.to).toEqual([{ address: 'help@redress.test' }]);
    expect(email.subject).toBe('Commission missing for my sale on Monday');
    expect(email.messageId).toBe('9C3D1E52-7A44-4B8E-A1F2-5D6C7E8F9A0B@example.com');
    expect(email.sentAt).toBe('2026-12-01T09:12:31.000Z');
    expect(email.text).toContain('bought the course on Monday (€199) but my dashboard shows no commission');
    expect(email.text).not.toContain('<div>');
    expect(email.reply).toMatch(/Could you look into it\?\n\nAda$/);
    expect(email.reply).not.toContain('Sent from my iPhone');
    expect(email.automated).toBeUndefined();
  });

  it('attachments and an inline image: decoded bytes, declared types, the image marked inline', async () => {
    // Prepare
    const raw = rawMail('new-complaint-attachments.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.attachments.map(({ filename, declaredType, inline, contentId }) => ({ filename, declaredType, inline, contentId }))).toEqual([
      { filename: 'statement.png', declaredType: 'image/png', inline: true, contentId: 'ii_m4b2statement' },
      { filename: 'receipt-2026-11.pdf', declaredType: 'application/pdf', inline: false, contentId: 'f_m4b2rcpt0' },
    ]);
    const [png, pdf] = email.attachments;
    expect(Buffer.from(png!.content).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(Buffer.from(pdf!.content).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf!.size).toBe(pdf!.content.length);
    expect(pdf!.sha256).toBe(createHash('sha256').update(pdf!.content).digest('hex'));
    expect(email.text).toContain('nothing arrived');
  });

  it('ISO-8859-1 quoted-printable body and RFC 2047 encoded words in From and Subject', async () => {
    // Prepare
    const raw = rawMail('latin1-quoted-printable.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.from?.name).toBe('François Lefèvre');
    expect(email.subject).toBe('Réclamation : commande non reçue');
    expect(email.text).toContain("n'est toujours pas arrivée. J'ai payé 49,90 ¤ et le suivi indique « en préparation » depuis deux semaines.");
    expect(email.reply).not.toContain('Cordialement');
  });

  it('Windows-1252 in 8-bit: curly quotes, euro sign and en dash decoded', async () => {
    // Prepare
    const raw = rawMail('windows-1252-8bit.eml');
    expect(raw.includes(0x80)).toBe(true);

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.text).toContain('invoice 2026-118 “€89.00 – annual plan”.');
    expect(email.from).toEqual({ address: 'm.keller@example.de', name: 'Keller, Martin' });
  });

  it('HTML-only mail is turned into text, lists kept as lines', async () => {
    // Prepare
    const raw = rawMail('html-only.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.text).toContain('I ordered a blue kettle and received a red one.');
    expect(email.text).toMatch(/Order #9124\n.*Delivered 2 December/);
    expect(email.text).not.toMatch(/<\/?(p|b|li)>/);
  });

  it('an Outlook reply: threading headers kept, the "From: … Sent: …" history cut from the reply', async () => {
    // Prepare
    const raw = rawMail('outlook-reply.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.inReplyTo).toEqual(['0100018f2a6b7c8d-1e2f3a4b-5c6d-7e8f-9a0b-1c2d3e4f5a6b-000000@email.amazonses.com']);
    expect(email.references).toEqual(email.inReplyTo);
    expect(email.to[0]?.address).toMatch(/^case\+3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69\.[0-9a-f]{20}@reply\.redress\.test$/);
    expect(email.text).toContain('Could you tell us the order number?');
    expect(email.reply).toBe("Hello,\n\nThe sale was on 30 November; the prospect's order number is 88231.");
  });

  it('a Gmail reply: "On … wrote:" quote and the "-- " signature stripped', async () => {
    // Prepare
    const raw = rawMail('gmail-reply-quoted.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.reply).toBe('Yes, the prospect paid by card, not PayPal.');
    expect(email.text).toContain('Affiliate #20417');
  });

  it('References are listed newest first, brackets removed', async () => {
    // Prepare
    const raw = ['From: a@example.com', 'To: help@redress.test', 'Subject: x', 'Message-ID: <m3@example.com>', 'References: <m1@example.com>\r\n <m2@example.com>', '', 'body'].join('\r\n');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.references).toEqual(['m2@example.com', 'm1@example.com']);
    expect(email.inReplyTo).toEqual([]);
  });

  it('a message that is nothing but quote is kept whole rather than emptied', async () => {
    // Prepare
    const raw = ['From: a@example.com', 'To: help@redress.test', 'Subject: Re: x', '', '> What is your order number?', '> ', ''].join('\r\n');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.reply).toContain('What is your order number?');
  });
});
