import { describe, expect, it } from 'vitest';
import { inMemorySeenMessages } from '../../../functions/channels/social/in-memory-seen-messages';
import { receiveDmDelivery, receiveDmHandshake, type DmOutcome, type DmWebhookConfig } from '../../../functions/channels/social/receive-dm-webhook';
import { signBody } from '../../../functions/channels/social/webhook-verification';

const config: DmWebhookConfig = { verifyToken: 'our-verify-token', appSecret: 'app-secret-3c1f0e9d8b7a' };
const T0 = Date.parse('2026-12-02T10:00:00.000Z');

/** A Messenger webhook delivery as Meta sends it: one entry per page, messaging events inside. */
const messengerBody = (events: { mid: string; sender?: string; text?: string; at?: number; echo?: boolean }[]) =>
  JSON.stringify({
    object: 'page',
    entry: [
      {
        id: 'PAGE-1',
        time: T0,
        messaging: events.map((e) => ({
          sender: { id: e.echo ? 'PAGE-1' : (e.sender ?? 'PSID-ada') },
          recipient: { id: e.echo ? (e.sender ?? 'PSID-ada') : 'PAGE-1' },
          timestamp: e.at ?? T0,
          message: { mid: e.mid, text: e.text ?? 'hello', ...(e.echo ? { is_echo: true } : {}) },
        })),
      },
    ],
  });

function harness(openCases: Record<string, string> = {}) {
  let now = T0 + 1000;
  const accepted: DmOutcome[] = [];
  let failNext = false;
  const deps = {
    now: () => now,
    seen: inMemorySeenMessages(() => now),
    cases: { openCaseOf: async (_platform: string, senderId: string) => openCases[senderId] },
    inbound: {
      accept: async (o: DmOutcome) => {
        if (failNext) {
          failNext = false;
          throw new Error('store unavailable');
        }
        accepted.push(o);
      },
    },
  };
  const post = (rawBody: string, signature = signBody(rawBody, config.appSecret)) => receiveDmDelivery({ rawBody, signature }, config, deps);
  return { accepted, post, advance: (ms: number) => (now += ms), failOnce: () => (failNext = true) };
}

describe('receiveDmHandshake', () => {
  it('answers the subscription handshake with the challenge, and refuses a wrong token', () => {
    // Act
    const good = receiveDmHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'our-verify-token', 'hub.challenge': '42' }, config);
    const bad = receiveDmHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '42' }, config);

    // Assess
    expect(good).toEqual({ kind: 'handshake', challenge: '42' });
    expect(bad).toEqual({ kind: 'refused', reason: 'wrong-verify-token' });
  });
});

describe('receiveDmDelivery', () => {
  it('a signed DM from a sender without an open case opens one; from a sender with one, it is a reply', async () => {
    // Prepare
    const h = harness({ 'PSID-bola': '7d0f3a52-1b2c-4d3e-8f4a-5b6c7d8e9f00' });

    // Act
    const result = await h.post(messengerBody([{ mid: 'm_1', text: 'My order never came' }, { mid: 'm_2', sender: 'PSID-bola', text: 'Any news?' }]));

    // Assess
    expect(result).toMatchObject({ kind: 'accepted', duplicates: 0, stale: 0 });
    expect(h.accepted.map((o) => [o.kind, o.kind === 'reply' ? o.caseId : undefined, o.message.text])).toEqual([
      ['new-case', undefined, 'My order never came'],
      ['reply', '7d0f3a52-1b2c-4d3e-8f4a-5b6c7d8e9f00', 'Any news?'],
    ]);
    expect(h.accepted[0]).toMatchObject({ channel: 'social', message: { platform: 'messenger', senderId: 'PSID-ada', messageId: 'm_1', sentAt: '2026-12-02T10:00:00.000Z' } });
  });

  it('a bad signature is refused and nothing reaches the core', async () => {
    // Prepare
    const h = harness();
    const body = messengerBody([{ mid: 'm_1' }]);

    // Act
    const result = await h.post(body, signBody(body, 'someone-elses-secret'));

    // Assess
    expect(result).toEqual({ kind: 'refused', reason: 'bad-signature' });
    expect(h.accepted).toEqual([]);
  });

  it('a replayed delivery (same signed body again) is counted as duplicates, not delivered twice', async () => {
    // Prepare
    const h = harness();
    const body = messengerBody([{ mid: 'm_1' }, { mid: 'm_2' }]);
    await h.post(body);
    h.advance(3600_000);

    // Act
    const replay = await h.post(body);

    // Assess
    expect(replay).toEqual({ kind: 'accepted', delivered: [], duplicates: 2, stale: 0 });
    expect(h.accepted).toHaveLength(2);
  });

  it('a captured delivery replayed after the replay window is stale, even once its dedupe record has expired', async () => {
    // Prepare
    const h = harness();
    const body = messengerBody([{ mid: 'm_1' }]);
    await h.post(body);
    h.advance(10 * 24 * 3600_000);

    // Act
    const replay = await h.post(body);

    // Assess
    expect(replay).toEqual({ kind: 'accepted', delivered: [], duplicates: 0, stale: 1 });
    expect(h.accepted).toHaveLength(1);
  });

  it('echoes of our own page\'s messages are not inbound (no loop)', async () => {
    // Act
    const h = harness();
    const result = await h.post(messengerBody([{ mid: 'm_echo', echo: true, text: 'Dear customer, we are on it' }]));

    // Assess
    expect(result).toEqual({ kind: 'accepted', delivered: [], duplicates: 0, stale: 0 });
  });

  it('when handing on fails the claim is released, so the platform\'s retry delivers the message', async () => {
    // Prepare
    const h = harness();
    const body = messengerBody([{ mid: 'm_1' }]);
    h.failOnce();

    // Act
    const first = h.post(body);
    await expect(first).rejects.toThrow('store unavailable');
    const retry = await h.post(body);

    // Assess
    expect(retry).toMatchObject({ kind: 'accepted', duplicates: 0 });
    expect(h.accepted.map((o) => o.message.messageId)).toEqual(['m_1']);
  });

  it('a signed body that is not JSON, or not a messaging webhook, is refused', async () => {
    // Prepare
    const h = harness();

    // Act
    const results = await Promise.all([h.post('not json'), h.post(JSON.stringify({ object: 'user', entry: [] }))]);

    // Assess
    expect(results).toEqual([
      { kind: 'refused', reason: 'not-json' },
      { kind: 'refused', reason: 'not-a-messaging-webhook' },
    ]);
  });

  it('Instagram deliveries are recognised as such, attachments kept as links', async () => {
    // Prepare
    const h = harness();
    const body = JSON.stringify({
      object: 'instagram',
      entry: [{ id: 'IG-1', time: T0, messaging: [{ sender: { id: 'IGSID-1' }, recipient: { id: 'IG-1' }, timestamp: T0, message: { mid: 'ig_1', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/receipt.jpg' } }] } }] }],
    });

    // Act
    await h.post(body);

    // Assess
    expect(h.accepted[0]?.message).toMatchObject({ platform: 'instagram', text: '', attachments: [{ type: 'image', url: 'https://cdn.example/receipt.jpg' }] });
  });
});
