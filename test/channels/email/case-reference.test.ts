import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseMessageId, caseReplyAddress, messageIdKey, readMessageId, readReplyAddress, type ReplySigning } from '../../../functions/channels/email/case-reference';

const signing: ReplySigning = { domain: 'Reply.Redress.test', secrets: ['current-secret-with-enough-entropy-0001'] };
const caseId = '3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69';

describe('signed case reply addresses', () => {
  it('round-trips any case id, and the local part fits in 64 characters', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        // Act
        const address = caseReplyAddress(id, signing);

        // Assess
        expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
        expect(address.endsWith('@reply.redress.test')).toBe(true);
        expect(readReplyAddress(address, signing)).toEqual({ kind: 'valid', caseId: id.toLowerCase() });
      }),
    );
  });

  it('survives a mail system that upper- or lower-cases the address', () => {
    // Prepare
    const address = caseReplyAddress(caseId, signing);

    // Act
    const upper = readReplyAddress(address.toUpperCase(), signing);

    // Assess
    expect(upper).toEqual({ kind: 'valid', caseId });
  });

  it('a changed tag, a changed id or another secret is forged', () => {
    // Prepare
    const address = caseReplyAddress(caseId, signing);
    const [local, domain] = address.split('@') as [string, string];
    const flippedTag = `${local.slice(0, -1)}${local.endsWith('0') ? '1' : '0'}@${domain}`;
    const otherCase = address.replace(caseId, '3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a6a');
    const otherSecret = caseReplyAddress(caseId, { ...signing, secrets: ['an-attacker-guess-of-the-secret-00000'] });

    // Act
    const results = [flippedTag, otherCase, otherSecret].map((a) => readReplyAddress(a, signing).kind);

    // Assess
    expect(results).toEqual(['forged', 'forged', 'forged']);
  });

  it('addresses that are not ours say nothing: another domain, the intake address, a malformed tag', () => {
    // Prepare
    const address = caseReplyAddress(caseId, signing);

    // Act
    const results = [address.replace('reply.redress.test', 'evil.example'), 'help@reply.redress.test', `case+${caseId}.xyz@reply.redress.test`].map(
      (a) => readReplyAddress(a, signing).kind,
    );

    // Assess
    expect(results).toEqual(['none', 'none', 'none']);
  });

  it('a rotated-out secret still verifies while it is listed after the new one; the new one signs', () => {
    // Prepare
    const old = caseReplyAddress(caseId, signing);
    const rotated: ReplySigning = { ...signing, secrets: ['next-secret-with-enough-entropy-00002', signing.secrets[0]] };

    // Act
    const oldStillValid = readReplyAddress(old, rotated);
    const fresh = caseReplyAddress(caseId, rotated);

    // Assess
    expect(oldStillValid.kind).toBe('valid');
    expect(fresh).not.toBe(old);
    expect(readReplyAddress(fresh, signing).kind).toBe('forged');
  });

  it('a reply-address tag does not verify as a Message-ID tag (purposes are separated)', () => {
    // Prepare
    const addressTag = /\.([0-9a-f]{20})@/.exec(caseReplyAddress(caseId, signing))![1]!;

    // Act
    const result = readMessageId(`case.${caseId}.${addressTag}.n1@reply.redress.test`, signing);

    // Assess
    expect(result.kind).toBe('forged');
  });
});

describe('signed Message-IDs and sent-message keys', () => {
  it('a case Message-ID verifies and is unique per nonce', () => {
    // Act
    const first = caseMessageId(caseId, 'outbox-1', signing);
    const second = caseMessageId(caseId, 'outbox-2', signing);

    // Assess
    expect(first).not.toBe(second);
    expect(readMessageId(first, signing)).toEqual({ kind: 'valid', caseId });
    expect(readMessageId(`<${second}>`.slice(1, -1), signing)).toEqual({ kind: 'valid', caseId });
  });

  it('SES Message-IDs are keyed by the SES message id whatever the region; others by themselves, lower-cased', () => {
    // Prepare
    const sesId = '0100018f2a6b7c8d-1e2f3a4b-5c6d-7e8f-9a0b-1c2d3e4f5a6b-000000';

    // Act
    const keys = [`<${sesId}@email.amazonses.com>`, `${sesId}@eu-west-1.amazonses.com`, '<ABC@Mail.Example.com>', `${sesId}@amazonses.com.evil.example`].map(messageIdKey);

    // Assess
    expect(keys).toEqual([sesId, sesId, 'abc@mail.example.com', `${sesId}@amazonses.com.evil.example`]);
  });
});
