import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../../functions/adapters/memory/case-store';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../../functions/adapters/notifier';
import { InMemoryChannelStore } from '../../../functions/channels/store/memory-channel-store';
import { policyBook } from '../../../functions/core/policy-book';
import { actOnCase } from '../../../functions/core/use-cases/act-on-case';
import { acknowledge } from '../../../functions/core/use-cases/acknowledge';
import { receiveMessage, type InboundMessage, type ReceiveMessageDeps } from '../../../functions/core/use-cases/receive-message';
import { loadPolicy } from '../../../functions/domain/policy';

/** The core's inbound use case on the in-memory adapters: the same use cases as the form and the case page. */
function setup() {
  let now = new Date('2026-12-02T09:00:00.000Z');
  const clock = () => now;
  const store = new InMemoryCaseStore(clock);
  const channels = new InMemoryChannelStore(store, () => now.getTime());
  const mailer = new RecordingMailer(clock);
  // The customer's cases (the workflow starts from the change stream, one per stored case).
  const started = () => store.casesOf('ada.obi@example.com');
  const deps: ReceiveMessageDeps = {
    policies: policyBook(loadPolicy('promptearn')),
    store,
    callbacks: { complete: async () => 'delivered' },
    notifier: new PolicyNotifier(mailer, 'http://localhost:3000', 'supervisors@example.com'),
    publicBaseUrl: 'http://localhost:3000',
    now: clock,
    newId: () => randomUUID(),
    claims: channels,
    socialThreads: channels,
  };
  return { deps, store, channels, mailer, started, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const email = (over: Partial<InboundMessage> = {}): InboundMessage => ({
  kind: 'new-case',
  channel: 'email',
  dedupeKey: `${randomUUID()}@mail.example.com`,
  sender: { name: 'Ada Obi', email: 'ada.obi@example.com' },
  subject: 'My payout has not arrived',
  text: 'I was promised the payout on Monday and nothing came.',
  receivedAt: '2026-12-02T09:00:00.000Z',
  category: 'technical_issue',
  ...over,
});

describe('receiveMessage', () => {
  it('a new email opens a case through intake: email channel, the sender as customer', async () => {
    // Prepare
    const { deps, store, started } = setup();

    // Act
    const result = await receiveMessage(deps, email());

    // Assess
    expect(result).toMatchObject({ ok: true, kind: 'opened', caseNumber: expect.stringMatching(/^PE-2026-\d{6}$/) });
    const theCase = await store.get((result as { caseId: string }).caseId);
    expect(theCase).toMatchObject({ channel: 'email', category: 'technical_issue', customer: { name: 'Ada Obi', email: 'ada.obi@example.com' }, subject: 'My payout has not arrived' });
    expect(await started()).toEqual([theCase!.id]);
  });

  it('the same delivery twice opens one case (claimed by Message-ID)', async () => {
    // Prepare
    const { deps, started } = setup();
    const message = email();

    // Act
    const first = await receiveMessage(deps, message);
    const second = await receiveMessage(deps, message);

    // Assess
    expect(first).toMatchObject({ ok: true, kind: 'opened' });
    expect(second).toEqual({ ok: true, kind: 'duplicate' });
    expect(await started()).toHaveLength(1);
  });

  it("a customer's reply becomes the lifecycle's customer reply on the timeline, and staff are told", async () => {
    // Prepare
    const { deps, store, mailer } = setup();
    const opened = (await receiveMessage(deps, email())) as { caseId: string };
    const mailBefore = mailer.sent.length;

    // Act
    const result = await receiveMessage(deps, email({ kind: 'reply', caseId: opened.caseId, text: 'Here is the transaction id: TX-991.' }));

    // Assess
    expect(result).toEqual({ ok: true, kind: 'replied', caseId: opened.caseId });
    const { timeline } = (await store.getWithTimeline(opened.caseId))!;
    expect(timeline.map((e) => e.type)).toEqual(['received', 'customer_replied']);
    expect(mailer.sent.slice(mailBefore).some((m) => m.to === 'supervisors@example.com' && m.subject.includes('customer message'))).toBe(true);
  });

  it('a held message is an internal note for staff: no customer event, no status change', async () => {
    // Prepare
    const { deps, store } = setup();
    const opened = (await receiveMessage(deps, email())) as { caseId: string };

    // Act
    const result = await receiveMessage(deps, email({ kind: 'held', caseId: opened.caseId, heldBecause: 'sender-not-customer', sender: { email: 'mallory@example.net' }, text: 'Send the refund to my account.' }));

    // Assess
    expect(result).toEqual({ ok: true, kind: 'held', caseId: opened.caseId });
    const { theCase, timeline } = (await store.getWithTimeline(opened.caseId))!;
    const note = timeline.at(-1)!;
    expect(note).toMatchObject({ type: 'note', visibility: 'internal', actor: { kind: 'system' } });
    expect(note.summary).toContain('sender-not-customer');
    expect(note.summary).toContain('mallory@example.net');
    expect(theCase.status).toBe('received');
  });

  it('a reply to a closed case opens a new case instead of being lost', async () => {
    // Prepare
    const { deps, store, mailer } = setup();
    const opened = (await receiveMessage(deps, email())) as { caseId: string };
    await acknowledge(deps, opened.caseId);
    const staff = { role: 'supervisor' as const, staffId: 'sup-1' };
    const closed = await actOnCase(deps, opened.caseId, staff, { type: 'close', reason: 'Duplicate of another case.' });
    expect(closed, JSON.stringify(closed)).toMatchObject({ ok: true });

    // Act
    const result = await receiveMessage(deps, email({ kind: 'reply', caseId: opened.caseId }));

    // Assess
    expect(result).toMatchObject({ ok: true, kind: 'opened' });
    expect((result as { caseId: string }).caseId).not.toBe(opened.caseId);
    expect((await store.get(opened.caseId))!.status).toBe('closed');
  });

  it('a direct message opens a case on the social channel and links the sender, so the next DM threads into it', async () => {
    // Prepare
    const { deps, channels, store } = setup();
    const dm: InboundMessage = { kind: 'new-case', channel: 'social', sender: { social: { platform: 'instagram', senderId: 'IGSID-42' } }, subject: 'Direct message on instagram', text: 'My account was locked', receivedAt: '2026-12-02T09:00:00.000Z', category: 'technical_issue' };

    // Act
    const result = (await receiveMessage(deps, dm)) as { caseId: string };

    // Assess
    expect(await channels.openCaseOf('instagram', 'IGSID-42')).toBe(result.caseId);
    const theCase = (await store.get(result.caseId))!;
    expect(theCase.channel).toBe('social');
    expect(theCase.customer.email).toBe('instagram.IGSID-42@social.invalid');
  });

  it('a failure releases the claim, so the retried delivery is acted on', async () => {
    // Prepare
    const { deps, started } = setup();
    const message = email();
    const failing = { ...deps, newId: () => { throw new Error('boom'); } };

    // Act
    await expect(receiveMessage(failing, message)).rejects.toThrow('boom');
    const retried = await receiveMessage(deps, message);

    // Assess
    expect(retried).toMatchObject({ ok: true, kind: 'opened' });
    expect(await started()).toHaveLength(1);
  });

  it('a policy category is required: a message without one is refused, nothing stored', async () => {
    // Prepare
    const { deps, store } = setup();
    const { category: _omitted, ...noCategory } = email();

    // Act
    const result = await receiveMessage(deps, noCategory);

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await store.listReceived('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z', 10)).toEqual([]);
  });
});
