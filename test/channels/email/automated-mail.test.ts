import { describe, expect, it } from 'vitest';
import { detectAutomated } from '../../../functions/channels/email/automated-mail';
import { parseEmail } from '../../../functions/channels/email/parse-email';
import { rawMail } from './mail-fixtures';

const headers = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), [v]]));

describe('detectAutomated', () => {
  it('recognises the Exchange out-of-office fixture as an auto-reply', async () => {
    // Prepare
    const raw = rawMail('auto-reply-exchange.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.automated).toEqual({ kind: 'auto-reply', evidence: 'Auto-Submitted: auto-generated' });
  });

  it('recognises the Postfix delivery status notification as a bounce', async () => {
    // Prepare
    const raw = rawMail('bounce-postfix.eml');

    // Act
    const email = await parseEmail(raw);

    // Assess
    expect(email.automated?.kind).toBe('bounce');
    expect(email.automated?.evidence).toContain('delivery-status');
  });

  it.each([
    [{ 'Content-Type': 'multipart/report; report-type="delivery-status"; boundary=x' }, undefined, 'bounce'],
    [{ 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary=x' }, undefined, 'auto-reply'],
    [{ 'X-Failed-Recipients': 'someone@example.net' }, undefined, 'bounce'],
    [{}, 'MAILER-DAEMON@mx.example.net', 'bounce'],
    [{}, 'postmaster@example.net', 'bounce'],
    [{ 'Return-Path': '<>' }, undefined, 'bounce'],
    [{ 'Auto-Submitted': 'auto-replied' }, undefined, 'auto-reply'],
    [{ 'Auto-Submitted': 'auto-notified' }, undefined, 'auto-reply'],
    [{ 'X-Autoreply': 'yes' }, undefined, 'auto-reply'],
    [{ 'X-Autorespond': 'vacation' }, undefined, 'auto-reply'],
    [{ Precedence: 'auto_reply' }, undefined, 'auto-reply'],
    [{ Precedence: 'bulk' }, undefined, 'bulk'],
    [{ Precedence: 'junk' }, undefined, 'bulk'],
    [{ Precedence: 'list' }, undefined, 'bulk'],
    [{ 'List-Id': '<announce.example.com>' }, undefined, 'bulk'],
  ] as const)('%o from %s is %s', (entries, from, kind) => {
    // Act
    const automated = detectAutomated(headers(entries), from, 'Your complaint');

    // Assess
    expect(automated?.kind).toBe(kind);
  });

  it.each(['Automatic reply: [PE-2026-000001]', 'Out of Office: back Monday', 'Autoreply: on leave'])('the subject "%s" alone marks an auto-reply', (subject) => {
    // Act
    const automated = detectAutomated(new Map(), 'ada@example.com', subject);

    // Assess
    expect(automated?.kind).toBe('auto-reply');
  });

  it('a person\'s mail is not automated: Auto-Submitted: no, a normal Return-Path, a normal subject', () => {
    // Prepare
    const person = headers({ 'Auto-Submitted': 'no', 'Return-Path': '<ada@example.com>', 'Content-Type': 'multipart/mixed; boundary=x' });

    // Act
    const automated = detectAutomated(person, 'ada@example.com', 'Re: my refund is out of date');

    // Assess
    expect(automated).toBeUndefined();
  });

  it('every fixture a person wrote passes as a person', async () => {
    // Prepare
    const names = ['new-complaint-alternative.eml', 'new-complaint-attachments.eml', 'latin1-quoted-printable.eml', 'windows-1252-8bit.eml', 'html-only.eml', 'outlook-reply.eml', 'gmail-reply-quoted.eml'];

    // Act
    const results = await Promise.all(names.map(async (n) => (await parseEmail(rawMail(n))).automated));

    // Assess
    expect(results).toEqual(names.map(() => undefined));
  });
});
