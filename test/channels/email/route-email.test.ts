import { describe, expect, it } from 'vitest';
import { caseReplyAddress } from '../../../functions/channels/email/case-reference';
import { parseEmail } from '../../../functions/channels/email/parse-email';
import { routeEmail, type EmailRoutingConfig, type Envelope } from '../../../functions/channels/email/route-email';
import { InboundOutcomeSchema } from '../../../functions/channels/inbound-outcome';
import { InMemoryCaseDirectory } from './in-memory-case-directory';
import { FIXTURE_CASE_ID, FIXTURE_SES_MESSAGE_ID, FIXTURE_SIGNING, rawMail } from './mail-fixtures';

const config: EmailRoutingConfig = { signing: FIXTURE_SIGNING, ownAddresses: ['help@redress.test', 'complaints@redress.test'] };
const envelope = (recipients: string[] = ['help@redress.test'], extra: Partial<Envelope> = {}): Envelope => ({
  recipients,
  receivedAt: '2026-12-02T11:21:00.000Z',
  rawKey: 'inbound/abc',
  ...extra,
});
const caseAddress = caseReplyAddress(FIXTURE_CASE_ID, FIXTURE_SIGNING);
const adaCase = () => new InMemoryCaseDirectory().withCase(FIXTURE_CASE_ID, 'Ada.Obi@example.com', [`<${FIXTURE_SES_MESSAGE_ID}@email.amazonses.com>`]);
/** A fixture with one header line replaced (how a spoofer or a forwarding colleague would send it). */
const withHeader = (name: string, raw: Buffer, line: string) => raw.toString('latin1').replace(new RegExp(`^${name}:.*$`, 'm'), line);
const route = async (raw: Buffer | string, env: Envelope, cases = adaCase()) => InboundOutcomeSchema.parse(await routeEmail(await parseEmail(raw), env, config, cases));

describe('routeEmail: new cases', () => {
  it('a complaint to the intake address opens a new case with the cleaned text and attachment descriptions, no bytes', async () => {
    // Act
    const outcome = await route(rawMail('new-complaint-attachments.eml'), envelope());

    // Assess
    expect(outcome).toMatchObject({
      kind: 'new-case',
      channel: 'email',
      from: { address: 'ada.obi@example.com', name: 'Ada Obi' },
      subject: 'Refund not received - receipt attached',
      rawKey: 'inbound/abc',
      receivedAt: '2026-12-02T11:21:00.000Z',
      messageId: 'CAF3x9Hq1nY7kLw2Zp0Rr5Tt8Uu1Vv4Ww7Xx0Yy3Zz6Aa9Bb@mail.example.com',
    });
    expect(outcome.kind === 'new-case' && outcome.attachments.map((a) => a.filename)).toEqual(['statement.png', 'receipt-2026-11.pdf']);
    expect(outcome.kind === 'new-case' && outcome.attachments.every((a) => !('content' in a))).toBe(true);
    expect(outcome.kind === 'new-case' && outcome.attachments.map((a) => a.verdict)).toEqual([
      { ok: true, type: 'image/png' },
      { ok: true, type: 'application/pdf' },
    ]);
  });

  it('an attachment whose content is not what its name says carries a refusing verdict (the core does not keep it)', async () => {
    // Prepare: an executable header, base64, named and declared as a PDF
    const exe = Buffer.alloc(256);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\0\0', 0x80, 'latin1');
    const raw = [
      'From: Ada Obi <ada.obi@example.com>',
      'To: help@redress.test',
      'Subject: invoice',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the invoice attached.',
      '--b',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      exe.toString('base64'),
      '--b--',
      '',
    ].join('\r\n');

    // Act
    const outcome = await route(raw, envelope());

    // Assess
    expect(outcome.kind === 'new-case' && outcome.attachments.map((a) => [a.filename, a.verdict.ok ? a.verdict.type : a.verdict.reason])).toEqual([['invoice.pdf', 'type-not-allowed']]);
  });

  it('never threads by subject alone: "[PE-2026-000001]" in the subject without a reply address or references is a new case', async () => {
    // Prepare
    const raw = ['From: Ada Obi <ada.obi@example.com>', 'To: help@redress.test', 'Subject: Re: [PE-2026-000001] We received your complaint', 'Message-ID: <s1@example.com>', '', 'Any news?'].join('\r\n');

    // Act
    const outcome = await route(raw, envelope());

    // Assess
    expect(outcome.kind).toBe('new-case');
  });

  it('a message that fails DMARC under a reject policy opens nothing (no acknowledgment to a forged sender)', async () => {
    // Act
    const outcome = await route(rawMail('new-complaint-alternative.eml'), envelope(undefined, { verdicts: { dmarc: 'FAIL' }, dmarcPolicy: 'reject' }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'sender-not-authenticated' });
  });
});

describe('routeEmail: threading', () => {
  it('an Outlook reply to the case reply address is the customer\'s reply, threaded by the address', async () => {
    // Act
    const outcome = await route(rawMail('outlook-reply.eml'), envelope([caseAddress]));

    // Assess
    expect(outcome).toMatchObject({ kind: 'reply', caseId: FIXTURE_CASE_ID, via: 'reply-address', text: "Hello,\n\nThe sale was on 30 November; the prospect's order number is 88231." });
  });

  it('the reply address is found in the envelope even when the headers show only the intake address (Bcc, forwarding)', async () => {
    // Prepare
    const raw = withHeader('To', rawMail('new-complaint-alternative.eml'), 'To: help@redress.test');

    // Act
    const outcome = await route(raw, envelope([caseAddress]));

    // Assess
    expect(outcome).toMatchObject({ kind: 'reply', via: 'reply-address' });
  });

  it('a reply to the intake address threads by In-Reply-To carrying our signed Message-ID', async () => {
    // Act
    const outcome = await route(rawMail('gmail-reply-quoted.eml'), envelope());

    // Assess
    expect(outcome).toMatchObject({ kind: 'reply', caseId: FIXTURE_CASE_ID, via: 'in-reply-to', text: 'Yes, the prospect paid by card, not PayPal.' });
  });

  it('a reply threads by In-Reply-To carrying the SES Message-ID we recorded when sending', async () => {
    // Prepare: the Outlook reply, delivered to the intake address instead of the case address
    const raw = rawMail('outlook-reply.eml').toString('latin1').replace(/^To: Redress Support\r\n\t<case\+[^>]+>/m, 'To: help@redress.test');
    expect(raw).not.toMatch(/^To:.*case\+/m);
    const cases = adaCase();

    // Act
    const outcome = await route(raw, envelope(), cases);

    // Assess
    expect(outcome).toMatchObject({ kind: 'reply', caseId: FIXTURE_CASE_ID, via: 'in-reply-to' });
    expect(cases.lookups[0]).toEqual([FIXTURE_SES_MESSAGE_ID]);
  });

  it('an older message in References threads when In-Reply-To names a message we do not know', async () => {
    // Prepare
    const raw = [
      'From: ada.obi@example.com',
      'To: help@redress.test',
      'Subject: Re: Re: your case',
      `References: <${FIXTURE_SES_MESSAGE_ID}@email.amazonses.com> <her-own@example.com>`,
      'In-Reply-To: <her-own@example.com>',
      '',
      'Adding one more detail.',
    ].join('\r\n');

    // Act
    const outcome = await route(raw, envelope());

    // Assess
    expect(outcome).toMatchObject({ kind: 'reply', caseId: FIXTURE_CASE_ID, via: 'references' });
  });

  it('a forged reply address (bad tag) is not trusted: with nothing else to go on, the mail is a new case', async () => {
    // Prepare
    const forged = caseAddress.replace(/\.[0-9a-f]{20}@/, '.00000000000000000000@');

    // Act
    const outcome = await route(rawMail('new-complaint-alternative.eml'), envelope([forged]));

    // Assess
    expect(outcome.kind).toBe('new-case');
  });

  it('a valid reference to a case that no longer exists falls through to the other rules', async () => {
    // Act
    const outcome = await route(rawMail('outlook-reply.eml'), envelope([caseAddress]), new InMemoryCaseDirectory());

    // Assess
    expect(outcome.kind).toBe('new-case');
  });
});

describe('routeEmail: senders who are not the customer', () => {
  it('a spoofed or forwarded reply from another address is held for staff review, not accepted as the customer', async () => {
    // Prepare
    const raw = withHeader('From', rawMail('outlook-reply.eml'), 'From: Mallory <mallory@example.net>');

    // Act
    const outcome = await route(raw, envelope([caseAddress]));

    // Assess
    expect(outcome).toMatchObject({ kind: 'held', caseId: FIXTURE_CASE_ID, reason: 'sender-not-customer', from: { address: 'mallory@example.net' } });
  });

  it('the customer\'s address whose DMARC check failed is held as not authenticated', async () => {
    // Act
    const outcome = await route(rawMail('outlook-reply.eml'), envelope([caseAddress], { verdicts: { dmarc: 'FAIL', spf: 'FAIL' }, dmarcPolicy: 'quarantine' }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'held', reason: 'sender-not-authenticated' });
  });

  it('a DMARC fail under a "none" policy is the domain owner saying not to act on it: the reply is accepted', async () => {
    // Act
    const outcome = await route(rawMail('outlook-reply.eml'), envelope([caseAddress], { verdicts: { dmarc: 'FAIL' }, dmarcPolicy: 'none' }));

    // Assess
    expect(outcome.kind).toBe('reply');
  });
});

describe('routeEmail: loops and machine mail never open or touch a case', () => {
  it.each([
    ['auto-reply-exchange.eml', 'auto-reply'],
    ['bounce-postfix.eml', 'bounce'],
  ])('%s to the case address is ignored as %s', async (fixture, reason) => {
    // Prepare
    const cases = adaCase();

    // Act
    const outcome = await route(rawMail(fixture), envelope([caseAddress]), cases);

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason });
    expect(cases.lookups).toEqual([]);
  });

  it('our own notification coming back (From one of our addresses) is ignored', async () => {
    // Prepare
    const raw = withHeader('From', rawMail('new-complaint-alternative.eml'), 'From: Redress <Complaints@Redress.test>');

    // Act
    const outcome = await route(raw, envelope());

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'from-ourselves' });
  });

  it('mail from an address on the reply domain is ours coming back', async () => {
    // Prepare
    const raw = withHeader('From', rawMail('new-complaint-alternative.eml'), `From: ${caseAddress}`);

    // Act
    const outcome = await route(raw, envelope());

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'from-ourselves' });
  });

  it('a virus verdict wins over everything', async () => {
    // Act
    const outcome = await route(rawMail('outlook-reply.eml'), envelope([caseAddress], { verdicts: { virus: 'FAIL' } }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'virus' });
  });

  it('a message without a usable From is ignored', async () => {
    // Prepare
    const raw = ['To: help@redress.test', 'Subject: hello', '', 'who am I'].join('\r\n');

    // Act
    const outcome = await route(raw, envelope());

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'no-sender' });
  });
});
