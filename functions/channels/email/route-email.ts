import { checkAttachment } from '../attachments/check-attachment';
import type { AttachmentRef, InboundOutcome } from '../inbound-outcome';
import { messageIdKey, readMessageId, readReplyAddress, type ReplySigning } from './case-reference';
import type { InboundEmail } from './inbound-email';
import type { CaseDirectory } from '../../core/ports';

/**
 * Decides what an inbound email is: a new case, a reply to a case, a message held for staff, or nothing.
 *
 * Threading, most trusted first, never by subject (anyone can type "[PE-2026-000001]"):
 *   1. a recipient that is a case reply address with a valid signature (`case+<id>.<tag>@<reply domain>`);
 *   2. In-Reply-To, then References (newest first): one of our signed Message-IDs, else a Message-ID we recorded
 *      when sending (SES replaces ours with its own, see `messageIdKey`).
 * A reference with a bad signature is ignored (the next rule is tried), never trusted.
 *
 * Then the sender: only the case's customer address makes a reply; anyone else's message about the case is held.
 * A sender whose domain's DMARC check failed is held too (its From is not proof of anything).
 *
 * Loops: machine-sent mail (bounces, auto-replies, bulk) and mail from our own addresses are ignored before any of
 * this, so nothing we do can be answered automatically.
 */

/** The receiving side's facts about a delivery (SES receipt on AWS; the local SMTP server's session locally). */
export interface Envelope {
  /** RCPT TO addresses, which include Bcc and forwarded copies the headers do not show. */
  recipients: readonly string[];
  receivedAt: string;
  /** Where the raw message was stored. */
  rawKey: string;
  /** SES receipt verdicts; absent locally (nothing checked, nothing failed). */
  verdicts?: Partial<Record<'spf' | 'dkim' | 'dmarc' | 'virus' | 'spam', 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED'>>;
  /** The domain's published DMARC policy, when SES reports it: only `reject`/`quarantine` make a DMARC fail count. */
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
}

export interface EmailRoutingConfig {
  signing: ReplySigning;
  /** Addresses we send from (sender, intake, supervisors' mailbox): mail "from" them is our own coming back. */
  ownAddresses: readonly string[];
}

type Threaded = { caseId: string; via: 'reply-address' | 'in-reply-to' | 'references' };

export async function routeEmail(email: InboundEmail, envelope: Envelope, config: EmailRoutingConfig, cases: CaseDirectory): Promise<InboundOutcome> {
  const ignored = (reason: Extract<InboundOutcome, { kind: 'ignored' }>['reason'], detail: string): InboundOutcome => ({
    kind: 'ignored',
    reason,
    detail,
    rawKey: envelope.rawKey,
    ...(email.messageId ? { messageId: email.messageId } : {}),
  });

  if (envelope.verdicts?.virus === 'FAIL') return ignored('virus', 'the receiving service found a virus');
  if (email.automated) return ignored(email.automated.kind, email.automated.evidence);
  const from = email.from;
  if (!from) return ignored('no-sender', 'no usable From address');
  if (isOurs(from.address, config)) return ignored('from-ourselves', `From ${from.address} is one of our own addresses`);

  const message = {
    channel: 'email' as const,
    rawKey: envelope.rawKey,
    ...(email.messageId ? { messageId: email.messageId } : {}),
    from,
    subject: email.subject,
    text: email.reply,
    attachments: await Promise.all(email.attachments.map(describeAttachment)),
    receivedAt: envelope.receivedAt,
  };
  const dmarcFailed = envelope.verdicts?.dmarc === 'FAIL' && envelope.dmarcPolicy !== 'none';

  const threaded = await thread(email, envelope, config, cases);
  if (!threaded) {
    // Opening a case would mail an acknowledgment to an address that did not write to us (backscatter).
    if (dmarcFailed) return ignored('sender-not-authenticated', `DMARC failed for ${from.address}`);
    return { kind: 'new-case', ...message };
  }
  const { caseId, via, customer } = threaded;
  if (from.address !== customer.email.toLowerCase()) return { kind: 'held', caseId, via, reason: 'sender-not-customer', ...message };
  if (dmarcFailed) return { kind: 'held', caseId, via, reason: 'sender-not-authenticated', ...message };
  return { kind: 'reply', caseId, via, ...message };
}

/** The first rule that names an existing case wins; a signed reference to a deleted case falls through to the next. */
async function thread(email: InboundEmail, envelope: Envelope, config: EmailRoutingConfig, cases: CaseDirectory): Promise<(Threaded & { customer: { email: string } }) | undefined> {
  const found = async (caseId: string | undefined, via: Threaded['via']) => {
    const customer = caseId ? await cases.customerOf(caseId) : undefined;
    return customer && caseId ? { caseId, via, customer } : undefined;
  };
  const recipients = [...envelope.recipients, ...email.to.map((m) => m.address), ...email.cc.map((m) => m.address)];
  for (const address of recipients) {
    const ref = readReplyAddress(address, config.signing);
    const hit = ref.kind === 'valid' ? await found(ref.caseId, 'reply-address') : undefined;
    if (hit) return hit;
  }
  for (const [via, ids] of [['in-reply-to', email.inReplyTo], ['references', email.references]] as const) {
    for (const id of ids) {
      const ref = readMessageId(id, config.signing);
      const hit = ref.kind === 'valid' ? await found(ref.caseId, via) : undefined;
      if (hit) return hit;
    }
    const hit = ids.length > 0 ? await found(await cases.caseForSentMessage(ids.map(messageIdKey)), via) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

async function describeAttachment({ content, ...ref }: InboundEmail['attachments'][number]): Promise<AttachmentRef> {
  const check = await checkAttachment(content, { ...(ref.filename ? { filename: ref.filename } : {}), declaredType: ref.declaredType });
  return { ...ref, verdict: check.ok ? { ok: true, type: check.type } : { ok: false, reason: check.reason, detail: check.detail } };
}

function isOurs(address: string, config: EmailRoutingConfig): boolean {
  const lower = address.toLowerCase();
  return config.ownAddresses.some((own) => own.toLowerCase() === lower) || lower.endsWith(`@${config.signing.domain.toLowerCase()}`);
}
