import { describe, expect, it } from 'vitest';
import { readMessageId, readReplyAddress } from '../../../functions/channels/email/case-reference';
import { outboundHeaders } from '../../../functions/channels/email/outbound-headers';
import { FIXTURE_CASE_ID, FIXTURE_SIGNING } from './mail-fixtures';

describe('outboundHeaders', () => {
  it('a first mail: a signed Reply-To and Message-ID, no In-Reply-To, Auto-Submitted when no person wrote it', () => {
    // Act
    const headers = outboundHeaders({ caseId: FIXTURE_CASE_ID, nonce: 'ack-1', signing: FIXTURE_SIGNING, automatic: 'auto-replied' });

    // Assess
    expect(readReplyAddress(headers['Reply-To']!, FIXTURE_SIGNING)).toEqual({ kind: 'valid', caseId: FIXTURE_CASE_ID });
    expect(readMessageId(headers['Message-ID']!.slice(1, -1), FIXTURE_SIGNING)).toEqual({ kind: 'valid', caseId: FIXTURE_CASE_ID });
    expect(headers['In-Reply-To']).toBeUndefined();
    expect(headers['Auto-Submitted']).toBe('auto-replied');
  });

  it('an answer in a conversation: In-Reply-To the latest message, References the chain in brackets', () => {
    // Act
    const headers = outboundHeaders({ caseId: FIXTURE_CASE_ID, nonce: 'reply-2', signing: FIXTURE_SIGNING, conversation: ['<a@x.test>', 'b@y.test'] });

    // Assess
    expect(headers['In-Reply-To']).toBe('<b@y.test>');
    expect(headers.References).toBe('<a@x.test> <b@y.test>');
    expect(headers['Auto-Submitted']).toBeUndefined();
  });

  it('a long conversation keeps the first and the nine latest references; SES gets no Message-ID to overwrite', () => {
    // Prepare
    const conversation = Array.from({ length: 25 }, (_, i) => `m${i}@x.test`);

    // Act
    const headers = outboundHeaders({ caseId: FIXTURE_CASE_ID, nonce: 'n', signing: FIXTURE_SIGNING, conversation, omitMessageId: true });

    // Assess
    expect(headers.References!.split(' ')).toEqual(['<m0@x.test>', ...conversation.slice(16).map((m) => `<${m}>`)]);
    expect(headers['Message-ID']).toBeUndefined();
  });
});
