import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { RecordingMailer } from '../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { IDEMPOTENCY_HEADER, OUTBOX_LEASE_SECONDS } from '../../functions/core/outbox';
import { policyBook } from '../../functions/core/policy-book';
import type { Mailer, OutboundEmail } from '../../functions/core/ports';
import { acknowledge } from '../../functions/core/use-cases/acknowledge';
import { actOnCase } from '../../functions/core/use-cases/act-on-case';
import { confirmSentMail } from '../../functions/core/use-cases/confirm-sent-mail';
import { sendDueOutbox, sendOutbox, sendOutboxMessage } from '../../functions/core/use-cases/send-outbox';
import { openedCase } from '../api/fixtures';

/** A mailer whose next `failures` sends throw, standing in for SES refusing or timing out. */
class FlakyMailer implements Mailer {
  readonly inner: RecordingMailer;
  constructor(
    clock: () => Date,
    public failures = 0,
  ) {
    this.inner = new RecordingMailer(clock);
  }
  async send(message: OutboundEmail) {
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error('SES unavailable'), { name: 'ServiceUnavailable' });
    }
    return this.inner.send(message);
  }
  get sent() {
    return this.inner.sent;
  }
}

async function setup() {
  let now = new Date('2026-11-23T10:01:00Z');
  const clock = () => now;
  const store = new InMemoryCaseStore(clock);
  const mailer = new FlakyMailer(clock);
  const { policy, theCase, firstEvent } = openedCase(undefined, new Date('2026-11-23T10:00:00Z'));
  await store.create(theCase, firstEvent);
  const deps = { store, notifier: new PolicyNotifier(mailer, 'https://redress.example', 'staff@redress.example'), policies: policyBook(policy), now: clock };
  return {
    store,
    mailer,
    deps,
    caseId: theCase.id,
    advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)),
  };
}

/** The acknowledgment written by the Acknowledge step's commit, before anything sends it. */
async function acknowledgedWithoutSending(s: Awaited<ReturnType<typeof setup>>) {
  s.mailer.failures = 1; // the step's own eager send fails: the message stays in the outbox
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  await acknowledge(s.deps, s.caseId);
  expect(s.mailer.sent).toHaveLength(0);
  const [message] = await s.store.pendingOutbox(s.caseId);
  s.advance(3600); // past its retry time
  return message!;
}

afterEach(() => vi.restoreAllMocks());

describe('the outbox sender', () => {
  it('sends the acknowledgment the Acknowledge step committed, once, with its idempotency key as a header and the token only in that mail', async () => {
    // Prepare
    const s = await setup();
    // Act
    await acknowledge(s.deps, s.caseId);
    await acknowledge(s.deps, s.caseId); // a retried step
    const again = await sendDueOutbox(s.deps);
    // Assess
    expect(s.mailer.sent).toHaveLength(1);
    expect(s.mailer.sent[0]!.text).toContain('#token=');
    expect(s.mailer.sent[0]!.headers).toEqual({ [IDEMPOTENCY_HEADER]: `${s.caseId}.2.0.acknowledgment.customer` });
    expect(again).toEqual({ due: 0, sent: 0, skipped: 0, failed: 0 });
    expect(await s.store.pendingOutbox(s.caseId)).toEqual([]);
    expect((await s.store.get(s.caseId))!.accessTokenForDelivery).toBeUndefined();
  });

  it('two senders racing for the same message send one mail', async () => {
    const s = await setup();
    const message = await acknowledgedWithoutSending(s);
    const results = await Promise.all([sendOutboxMessage(s.deps, message), sendOutboxMessage(s.deps, message), sendOutbox(s.deps, [message])]);
    expect(s.mailer.sent).toHaveLength(1);
    expect(results.slice(0, 2).sort()).toEqual(['sent', 'skipped']);
  });

  it('a sender that dies after its claim delays the message by the lease, never loses it', async () => {
    const s = await setup();
    const message = await acknowledgedWithoutSending(s);
    // The sender claims and dies before mailing.
    const now = s.deps.now();
    expect(await s.store.claimOutbox(message, { claimId: 'dead', now: now.toISOString(), leaseUntil: new Date(now.getTime() + OUTBOX_LEASE_SECONDS * 1000).toISOString() })).toBeDefined();
    // The stream's retry and the sweep within the lease leave it alone.
    expect(await sendOutboxMessage(s.deps, message)).toBe('skipped');
    expect((await sendDueOutbox(s.deps)).sent).toBe(0);
    s.advance(OUTBOX_LEASE_SECONDS);
    expect((await sendDueOutbox(s.deps)).sent).toBe(1);
    expect(s.mailer.sent).toHaveLength(1);
  });

  it('a mail service failure leaves the message for a retry: the sweep sends it at its retry time, once', async () => {
    const s = await setup();
    const message = await acknowledgedWithoutSending(s);
    s.mailer.failures = 1;
    expect(await sendOutboxMessage(s.deps, message)).toBe('failed');
    expect((await sendDueOutbox(s.deps)).sent).toBe(0); // not yet due
    s.advance(3600);
    expect(await sendDueOutbox(s.deps)).toMatchObject({ sent: 1 });
    expect(await sendDueOutbox(s.deps)).toMatchObject({ due: 0, sent: 0 });
    expect(s.mailer.sent).toHaveLength(1);
  });

  it("a sender dying after the mail service accepted and before its mark: the mail service's confirmation marks it, and nothing is sent again", async () => {
    const s = await setup();
    const message = await acknowledgedWithoutSending(s);
    const mark = vi.spyOn(s.store, 'markOutboxSent').mockRejectedValueOnce(new Error('crash'));
    expect(await sendOutboxMessage(s.deps, message)).toBe('sent');
    mark.mockRestore();
    const [mail] = s.mailer.sent;
    const confirmed = await confirmSentMail(s.deps, [{ key: mail!.headers![IDEMPOTENCY_HEADER]!, messageId: 'ses-1', at: s.deps.now().toISOString() }]);
    expect(confirmed).toEqual({ confirmed: 1, already: 0, foreign: 0 });
    s.advance(OUTBOX_LEASE_SECONDS * 10);
    expect(await sendDueOutbox(s.deps)).toMatchObject({ due: 0, sent: 0 });
    expect(s.mailer.sent).toHaveLength(1);
    // A confirmation for mail that is not ours, or that came after the sender's own mark, changes nothing.
    expect(await confirmSentMail(s.deps, [{ key: 'someone-else', messageId: 'x', at: s.deps.now().toISOString() }, { key: message.key, messageId: 'ses-1', at: s.deps.now().toISOString() }])).toEqual({ confirmed: 0, already: 1, foreign: 1 });
  });

  it('the window that remains: the sender dies before its mark and the confirmation is lost too; the sweep sends again after the lease, under the same key', async () => {
    const s = await setup();
    const message = await acknowledgedWithoutSending(s);
    const mark = vi.spyOn(s.store, 'markOutboxSent').mockRejectedValueOnce(new Error('crash'));
    expect(await sendOutboxMessage(s.deps, message)).toBe('sent');
    mark.mockRestore();
    s.advance(OUTBOX_LEASE_SECONDS - 1);
    expect((await sendDueOutbox(s.deps)).sent).toBe(0); // the claim holds until its lease ends
    s.advance(1);
    await sendDueOutbox(s.deps);
    expect(s.mailer.sent).toHaveLength(2);
    expect(new Set(s.mailer.sent.map((m) => m.headers?.[IDEMPOTENCY_HEADER])).size).toBe(1);
  });

  it("an action's notices are outbox items of its commit, sent by the request; the stream's later attempt sends nothing", async () => {
    const s = await setup();
    await acknowledge(s.deps, s.caseId);
    const deps = { ...s.deps, callbacks: { complete: async () => 'delivered' as const } };
    const acted = await actOnCase(deps, s.caseId, { role: 'agent', staffId: 'agent-1' }, { type: 'reply', message: 'We are on it.' });
    expect(acted.ok).toBe(true);
    const replies = s.mailer.sent.filter((m) => m.headers?.[IDEMPOTENCY_HEADER]?.includes('.staff_reply.'));
    expect(replies).toHaveLength(1);
    // The change stream delivers the new item later: already sent, skipped.
    const key = replies[0]!.headers![IDEMPOTENCY_HEADER]!;
    const [caseId, seq, index] = key.split('.');
    expect(await sendOutboxMessage(s.deps, { caseId: caseId!, seq: Number(seq), index: Number(index) })).toBe('skipped');
    expect(s.mailer.sent.filter((m) => m.headers?.[IDEMPOTENCY_HEADER] === key)).toHaveLength(1);
  });
});
