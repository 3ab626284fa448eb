import { describe, expect, it } from 'vitest';
import { recordingSender, replyWindow, sendApiBody } from '../../../functions/channels/social/outbound-message';

const wrote = '2026-12-01T10:00:00.000Z';
const after = (hours: number) => Date.parse(wrote) + hours * 3600_000;

describe('replyWindow', () => {
  it.each([
    [1, { open: true, messagingType: 'RESPONSE' }],
    [24, { open: true, messagingType: 'RESPONSE' }],
    [24.01, { open: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [168, { open: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [168.01, { open: false, closedAt: '2026-12-08T10:00:00.000Z' }],
  ])('%s h after the customer wrote: %o', (hours, expected) => {
    // Act
    const window = replyWindow(wrote, after(hours));

    // Assess
    expect(window).toEqual(expected);
  });
});

describe('sendApiBody and the recording sender', () => {
  it('a tagged human-agent reply carries its tag; the fake platform records what staff sent', async () => {
    // Prepare
    const sender = recordingSender();
    const reply = { platform: 'messenger' as const, recipientId: 'PSID-ada', text: 'We refunded you today.', messagingType: 'MESSAGE_TAG' as const, tag: 'HUMAN_AGENT' as const };

    // Act
    const { messageId } = await sender.send(reply);

    // Assess
    expect(sendApiBody(reply)).toEqual({ recipient: { id: 'PSID-ada' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'We refunded you today.' } });
    expect(sendApiBody({ ...reply, messagingType: 'RESPONSE', tag: undefined })).not.toHaveProperty('tag');
    expect(sender.sent).toEqual([reply]);
    expect(messageId).toBe('local-1');
  });
});
