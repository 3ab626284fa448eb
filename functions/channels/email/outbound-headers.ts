import { caseMessageId, caseReplyAddress, type ReplySigning } from './case-reference';

/**
 * Headers for a mail we send about a case, so that the customer's answer threads back to it and their mail client
 * shows one conversation:
 *   - Reply-To: the case's signed reply address (the strongest threading rule, see route-email.ts);
 *   - Message-ID: a signed case reference (used where the transport keeps it; SES replaces it with its own, which
 *     the sender records against the case with `messageIdKey(sesMessageId)`);
 *   - In-Reply-To / References: the conversation so far, so the customer's client threads our answer under theirs;
 *   - Auto-Submitted (RFC 3834) on mail no person wrote (acknowledgments, reminders), so that other responders do
 *     not answer it: one half of loop prevention, the other being that we never answer such mail either.
 *
 * With SES v2 these go in `Content.Simple.Headers` (`[{ Name, Value }]`); SES refuses to let callers set some
 * headers itself (Message-ID among them is overwritten), so pass `omitMessageId` there.
 */
export interface OutboundThread {
  caseId: string;
  /** Unique per mail (the outbox item's id): makes the Message-ID unique. */
  nonce: string;
  signing: ReplySigning;
  /** Message-IDs of the conversation so far (ours and the customer's), oldest first, with or without brackets. */
  conversation?: readonly string[];
  /** `auto-generated` for mail driven by a clock, `auto-replied` for an automatic answer to inbound mail. */
  automatic?: 'auto-generated' | 'auto-replied';
  omitMessageId?: boolean;
}

/** RFC 5322 lets References grow without bound; mail systems cut long ones, so keep the first and the latest. */
const MAX_REFERENCES = 10;

export function outboundHeaders(thread: OutboundThread): Record<string, string> {
  const ids = (thread.conversation ?? []).map((id) => `<${id.trim().replace(/^<|>$/g, '')}>`);
  const references = ids.length <= MAX_REFERENCES ? ids : [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))];
  return {
    'Reply-To': caseReplyAddress(thread.caseId, thread.signing),
    ...(thread.omitMessageId ? {} : { 'Message-ID': `<${caseMessageId(thread.caseId, thread.nonce, thread.signing)}>` }),
    ...(ids.length > 0 ? { 'In-Reply-To': ids[ids.length - 1]!, References: references.join(' ') } : {}),
    ...(thread.automatic ? { 'Auto-Submitted': thread.automatic } : {}),
  };
}
