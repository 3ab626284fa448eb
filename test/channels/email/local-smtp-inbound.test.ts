import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseReplyAddress } from '../../../functions/channels/email/case-reference';
import { receiveEmail } from '../../../functions/channels/email/receive-email';
import type { InboundOutcome } from '../../../functions/channels/inbound-outcome';
import { folderObjectStore, type ObjectStore } from '../../../local/object-store';
import { startLocalSmtp, type LocalSmtp } from '../../../local/smtp-server';
import { InMemoryCaseDirectory } from './in-memory-case-directory';
import { FIXTURE_CASE_ID, FIXTURE_SIGNING, rawMail } from './mail-fixtures';

/**
 * The local inbound path end to end on loopback: a real SMTP client (nodemailer) talks to the local SMTP server,
 * which stores the raw message in the folder object store and runs the same handler body SES's Lambda action runs.
 */
describe('local SMTP → object store → inbound handler', () => {
  let dir: string;
  let objects: ObjectStore;
  let smtp: LocalSmtp;
  let client: Transporter;
  const accepted: InboundOutcome[] = [];
  const cases = new InMemoryCaseDirectory().withCase(FIXTURE_CASE_ID, 'ada.obi@example.com');
  const replyAddress = caseReplyAddress(FIXTURE_CASE_ID, FIXTURE_SIGNING);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-smtp-'));
    objects = folderObjectStore(dir);
    smtp = await startLocalSmtp({
      port: 0,
      objects,
      domains: ['redress.test', FIXTURE_SIGNING.domain],
      maxBytes: 64 * 1024,
      now: () => Date.parse('2026-12-02T11:21:00.000Z'),
      deliver: (envelope) =>
        receiveEmail(envelope, {
          raw: objects,
          cases,
          inbound: { accept: async (outcome) => void accepted.push(outcome) },
          config: { signing: FIXTURE_SIGNING, ownAddresses: ['help@redress.test'] },
        }),
    });
    client = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  });

  afterAll(async () => {
    client?.close();
    await smtp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const lastOutcome = async () => {
    await smtp.idle();
    return accepted.at(-1);
  };

  it('a reply to an acknowledgment, sent to the case address, arrives as the customer\'s reply with the receiving time', async () => {
    // Act
    const info = await client.sendMail({
      from: 'Ada Obi <ada.obi@example.com>',
      to: replyAddress,
      subject: 'Re: [PE-2026-000001] We received your complaint',
      text: 'The order number is 88231.\n\nOn Tue, Dec 1, 2026 at 9:13 AM Redress <help@redress.test> wrote:\n> Could you tell us the order number?\n',
    });
    const outcome = await lastOutcome();

    // Assess
    expect(info.accepted).toEqual([replyAddress]);
    expect(outcome).toMatchObject({ kind: 'reply', caseId: FIXTURE_CASE_ID, via: 'reply-address', text: 'The order number is 88231.', receivedAt: '2026-12-02T11:21:00.000Z' });
    const stored = await objects.get(outcome!.rawKey);
    expect(Buffer.from(stored!).toString('utf8')).toMatch(/^Return-Path: <ada\.obi@example\.com>\r\n/);
  });

  it('a real fixture sent as is (attachments, inline image) opens a new case; the raw message is kept under inbound/', async () => {
    // Act
    await client.sendMail({ envelope: { from: 'ada.obi@example.com', to: ['help@redress.test'] }, raw: rawMail('new-complaint-attachments.eml') });
    const outcome = await lastOutcome();

    // Assess
    expect(outcome?.kind).toBe('new-case');
    expect(outcome?.kind === 'new-case' && outcome.attachments.map((a) => [a.filename, a.inline])).toEqual([
      ['statement.png', true],
      ['receipt-2026-11.pdf', false],
    ]);
    expect(outcome!.rawKey).toMatch(/^inbound\/[0-9a-f-]{36}$/);
    expect(await objects.list('inbound/')).toContain(outcome!.rawKey);
  });

  it('a bounce sent with the null sender is stored but ignored: no case, no answer', async () => {
    // Act
    await client.sendMail({ envelope: { from: '', to: [replyAddress] }, raw: rawMail('bounce-postfix.eml') });
    const outcome = await lastOutcome();

    // Assess
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'bounce' });
  });

  it('refuses to relay to a domain that is not ours, and refuses an oversized message; neither is stored', async () => {
    // Prepare
    const before = await objects.list();

    // Act
    const relay = client.sendMail({ from: 'ada.obi@example.com', to: 'someone@elsewhere.example', subject: 'x', text: 'x' });
    const oversized = client.sendMail({ from: 'ada.obi@example.com', to: 'help@redress.test', subject: 'big', text: 'x'.repeat(100 * 1024) });

    // Assess
    await expect(relay).rejects.toMatchObject({ responseCode: 550 });
    await expect(oversized).rejects.toMatchObject({ responseCode: 552 });
    expect(await objects.list()).toEqual(before);
  });
});
