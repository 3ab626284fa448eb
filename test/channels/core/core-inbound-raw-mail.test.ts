import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../../functions/adapters/memory/case-store';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../../functions/adapters/notifier';
import type { InboundOutcome } from '../../../functions/channels/inbound-outcome';
import { coreInbound } from '../../../functions/channels/intake/core-inbound';
import { InMemoryChannelStore } from '../../../functions/channels/store/memory-channel-store';
import { policyBook } from '../../../functions/core/policy-book';
import type { ReceiveMessageDeps } from '../../../functions/core/use-cases/receive-message';
import { loadPolicy } from '../../../functions/domain/policy';

/**
 * The inbound email handed to the core records which case each raw message went on (RawMailArchive.recordCase), so
 * that the case's erasure deletes it: a new case, a reply, a held message, and a redelivered reply; an ignored
 * message is on no case and recorded nowhere.
 */
function setup() {
  const now = new Date('2026-12-02T09:00:00.000Z');
  const store = new InMemoryCaseStore(() => now);
  const channels = new InMemoryChannelStore(store, () => now.getTime());
  const deps: ReceiveMessageDeps = {
    policies: policyBook(loadPolicy('promptearn')),
    store,
    callbacks: { complete: async () => 'delivered' },
    notifier: new PolicyNotifier(new RecordingMailer(() => now), 'http://localhost:3000', 'supervisors@example.com'),
    publicBaseUrl: 'http://localhost:3000',
    now: () => now,
    newId: () => randomUUID(),
    claims: channels,
    socialThreads: channels,
  };
  const recorded: [key: string, caseId: string][] = [];
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const inbound = coreInbound(deps, quiet, undefined, { recordCase: async (key, caseId) => void recorded.push([key, caseId]) });
  return { inbound, recorded, store };
}

const message = (rawKey: string) => ({
  channel: 'email' as const,
  rawKey,
  messageId: `<${randomUUID()}@mail.example.com>`,
  from: { address: 'ada.obi@example.com', name: 'Ada Obi' },
  subject: 'My payout has not arrived',
  text: 'I was promised the payout on Monday and nothing came. Category: technical issue with the dashboard.',
  attachments: [],
  receivedAt: '2026-12-02T09:00:00.000Z',
});

describe('inbound email records its raw message with the case it went on', () => {
  it('a new case, a reply, a held message and a redelivered reply are recorded under their case; an ignored one nowhere', async () => {
    // Prepare + Act: a new case, then mail about it.
    const { inbound, recorded, store } = setup();
    await inbound.email.accept({ ...message('inbound/first'), kind: 'new-case' });
    const [caseId] = await store.casesOf('ada.obi@example.com');
    expect(caseId).toBeDefined();
    const reply: InboundOutcome = { ...message('inbound/reply'), kind: 'reply', caseId: caseId!, via: 'reply-address' };
    await inbound.email.accept(reply);
    await inbound.email.accept(reply); // redelivered (SES and SMTP are at-least-once): a duplicate for the core
    await inbound.email.accept({ ...message('inbound/held'), from: { address: 'mallory@example.net' }, kind: 'held', caseId: caseId!, via: 'in-reply-to', reason: 'sender-not-customer' });
    await inbound.email.accept({ kind: 'ignored', reason: 'auto-reply', detail: 'Auto-Submitted: auto-replied', rawKey: 'inbound/ooo' });

    // Assess
    expect(inbound.results.map((r) => (r.ok ? r.kind : r.reason))).toEqual(['opened', 'replied', 'duplicate', 'held']);
    expect(recorded).toEqual([
      ['inbound/first', caseId],
      ['inbound/reply', caseId],
      ['inbound/reply', caseId],
      ['inbound/held', caseId],
    ]);
  });
});
