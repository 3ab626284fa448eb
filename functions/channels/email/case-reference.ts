import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed case references in the addresses and Message-IDs we send, so that a reply finds its case without a lookup
 * and nobody can post into a case by guessing its id: `case+<case id>.<tag>@<reply domain>`, where the tag is the
 * first 80 bits of HMAC-SHA256(secret, purpose ‖ case id), in lower-case hex because some mail systems lower-case
 * addresses. The local part is 62 characters, inside RFC 5321's 64. 80 bits is out of reach of an attacker who can
 * test one guess per email sent.
 *
 * Several secrets may verify (the first signs): rotate by putting a new secret first and keeping the old one until
 * the mail that carries it is no longer answered.
 */
export interface ReplySigning {
  /** The reply domain, e.g. `reply.example.com`: addresses on other domains are not ours. */
  domain: string;
  /** At least one; the first signs, all verify. */
  secrets: readonly [string, ...string[]];
}

const TAG_BYTES = 10;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ADDRESS = new RegExp(`^case\\+(${UUID})\\.([0-9a-f]{${TAG_BYTES * 2}})@(.+)$`, 'i');
const MESSAGE_ID = new RegExp(`^case\\.(${UUID})\\.([0-9a-f]{${TAG_BYTES * 2}})\\.[0-9a-z-]+@(.+)$`, 'i');

/** Distinct purposes so that a tag minted for one use never verifies for another. */
type Purpose = 'reply-address' | 'message-id';

function tag(secret: string, purpose: Purpose, caseId: string): Buffer {
  return createHmac('sha256', secret).update(`redress/${purpose}/v1\n${caseId.toLowerCase()}`).digest().subarray(0, TAG_BYTES);
}

/** The address a customer replies to for a case (the Reply-To of every mail about it). */
export function caseReplyAddress(caseId: string, signing: ReplySigning): string {
  const id = caseId.toLowerCase();
  return `case+${id}.${tag(signing.secrets[0], 'reply-address', id).toString('hex')}@${signing.domain.toLowerCase()}`;
}

/**
 * A Message-ID (without brackets) for a mail about a case, carrying the signed reference, unique per `nonce`.
 * Transports that keep our Message-ID let the customer's In-Reply-To find the case directly; SES replaces it (its
 * own id is recorded instead, see `messageIdKey`).
 */
export function caseMessageId(caseId: string, nonce: string, signing: ReplySigning): string {
  const id = caseId.toLowerCase();
  const safeNonce = nonce.toLowerCase().replace(/[^0-9a-z-]/g, '');
  if (safeNonce.length === 0) throw new Error('a Message-ID nonce needs letters, digits or dashes');
  return `case.${id}.${tag(signing.secrets[0], 'message-id', id).toString('hex')}.${safeNonce}@${signing.domain.toLowerCase()}`;
}

/** What an address or Message-ID says about a case: ours and valid, ours with a bad tag, or not ours at all. */
export type CaseReference = { kind: 'valid'; caseId: string } | { kind: 'forged'; caseId: string } | { kind: 'none' };

export function readReplyAddress(address: string, signing: ReplySigning): CaseReference {
  return read(ADDRESS, 'reply-address', address, signing);
}

export function readMessageId(messageId: string, signing: ReplySigning): CaseReference {
  return read(MESSAGE_ID, 'message-id', messageId, signing);
}

function read(pattern: RegExp, purpose: Purpose, value: string, signing: ReplySigning): CaseReference {
  const match = pattern.exec(value.trim());
  if (!match) return { kind: 'none' };
  const [, rawId, rawTag, domain] = match as unknown as [string, string, string, string];
  if (domain.toLowerCase() !== signing.domain.toLowerCase()) return { kind: 'none' };
  const caseId = rawId.toLowerCase();
  const presented = Buffer.from(rawTag.toLowerCase(), 'hex');
  // Every secret is checked (no early exit), each comparison in constant time.
  let valid = false;
  for (const secret of signing.secrets) valid = timingSafeEqual(presented, tag(secret, purpose, caseId)) || valid;
  return { kind: valid ? 'valid' : 'forged', caseId };
}

/**
 * The key under which a sent Message-ID is remembered and looked up. SES replaces the Message-ID of what it sends
 * with `<SES message id>@<region>.amazonses.com` (or `@email.amazonses.com`), the region part varying; its key is the
 * SES message id alone, which is what `SendEmail` returns. Any other id is its lower-cased self.
 */
export function messageIdKey(messageId: string): string {
  const id = messageId.trim().replace(/^<|>$/g, '').toLowerCase();
  const at = id.lastIndexOf('@');
  if (at > 0) {
    const domain = id.slice(at + 1);
    if (domain === 'amazonses.com' || domain.endsWith('.amazonses.com')) return id.slice(0, at);
  }
  return id;
}
