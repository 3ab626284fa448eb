import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { caseReplyAddress } from '../../../functions/channels/email/case-reference';
import type { InboundOutcome } from '../../../functions/channels/inbound-outcome';
import { startLocalInbound } from '../../../local/smtp-inbound';
import { InMemoryCaseDirectory } from './in-memory-case-directory';
import { FIXTURE_CASE_ID, FIXTURE_SIGNING } from './mail-fixtures';

describe('startLocalInbound (what local/stack.ts starts)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-inbound-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('accepts mail for the intake and reply domains, keeps it under <dataDir>/objects/inbound and logs the outcome', async () => {
    // Prepare
    const accepted: InboundOutcome[] = [];
    const lines: string[] = [];
    const inbound = await startLocalInbound({
      dataDir,
      port: 0,
      config: { signing: FIXTURE_SIGNING, ownAddresses: ['help@redress.test'] },
      intakeDomains: ['redress.test'],
      cases: new InMemoryCaseDirectory().withCase(FIXTURE_CASE_ID, 'ada.obi@example.com'),
      inbound: { accept: async (o) => void accepted.push(o) },
      log: (line) => lines.push(line),
    });
    const client = createTransport({ host: '127.0.0.1', port: inbound.smtp.port, secure: false, ignoreTLS: true });

    // Act
    try {
      await client.sendMail({ from: 'mallory@example.net', to: caseReplyAddress(FIXTURE_CASE_ID, FIXTURE_SIGNING), subject: 'Re: your case', text: 'Send the refund to my account instead.' });
      await inbound.smtp.idle();
    } finally {
      client.close();
      await inbound.stop();
    }

    // Assess
    expect(accepted).toMatchObject([{ kind: 'held', caseId: FIXTURE_CASE_ID, reason: 'sender-not-customer' }]);
    expect(inbound.objects.root).toBe(join(dataDir, 'objects'));
    expect(await inbound.objects.list('inbound/')).toEqual([accepted[0]!.rawKey]);
    expect(lines.some((l) => /inbound mail inbound\/.+: held \(sender-not-customer\)/.test(l))).toBe(true);
  });
});
