import { Draft } from '../../domain/lifecycle/draft';
import { lifecycleOf, type Case } from '../../domain/case';
import { decideAndCommit } from '../commit-loop';
import { notFound, refused, type Outcome } from '../outcomes';
import { ConcurrentChangeError, type InboundClaims, type SocialThreads } from '../ports';
import { actOnCase, type ActOnCaseDeps } from './act-on-case';
import { fileComplaint, type FileComplaintDeps } from './file-complaint';

/**
 * A message that arrived by email or a social direct message, as the channel layer routed it
 * (functions/channels/: threading, sender checks and loop prevention happen there). The core only opens, appends or
 * holds, through the same use cases as the form and the case page.
 */
export interface InboundMessage {
  kind: 'new-case' | 'reply' | 'held';
  channel: 'email' | 'social';
  /**
   * Claimed once before anything is written (mail is delivered at least once): the sender's Message-ID, else where
   * the raw message is stored. Absent when the channel claimed the message itself (the DM webhook does).
   */
  dedupeKey?: string;
  sender: { name?: string; email?: string; social?: { platform: string; senderId: string } };
  subject: string;
  /** What the person wrote, quoted history and signature removed. */
  text: string;
  receivedAt: string;
  /** The case a reply or held message is about. */
  caseId?: string;
  /** Why a message about a case is not taken as the customer's word (held only). */
  heldBecause?: string;
  /** The category of a new case (the channel's guess; staff re-triage). */
  category?: string;
}

export interface ReceiveMessageDeps extends FileComplaintDeps, ActOnCaseDeps {
  claims: InboundClaims;
  socialThreads: SocialThreads;
}

export type Received = Outcome<
  | { kind: 'opened'; caseId: string; caseNumber: string }
  | { kind: 'replied'; caseId: string }
  | { kind: 'held'; caseId: string }
  | { kind: 'duplicate' }
>;

/** How long a delivery is remembered: SES retries for hours, an SMTP sender for up to 5 days. */
export const INBOUND_CLAIM_MS = 30 * 24 * 3600_000;

const SUBJECT_MAX = 200;
const TEXT_MAX = 10_000;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * One inbound message: claimed once, then
 *   - `new-case`: intake (`fileComplaint`) with the channel, the sender as customer and the message as description;
 *     a social sender is linked to the new case so their next DM threads into it;
 *   - `reply`: the customer's `reply` action on the case (`actOnCase`, the lifecycle decides and the one commit path
 *     writes); a reply to a closed case opens a new one, as the lifecycle tells a customer to do;
 *   - `held`: an internal note on the case for staff, never the customer's word.
 * A failure releases the claim and is thrown, so the transport's retry delivers the message again.
 */
export async function receiveMessage(deps: ReceiveMessageDeps, message: InboundMessage): Promise<Received> {
  const key = message.dedupeKey ? `INBOUND#${message.channel}#${message.dedupeKey}` : undefined;
  if (key && !(await deps.claims.claim(key, deps.now().getTime() + INBOUND_CLAIM_MS))) return { ok: true, kind: 'duplicate' };
  try {
    return await act(deps, message);
  } catch (error) {
    if (key) await deps.claims.release(key);
    throw error;
  }
}

async function act(deps: ReceiveMessageDeps, message: InboundMessage): Promise<Received> {
  if (message.kind === 'new-case' || !message.caseId) return open(deps, message);
  const caseId = message.caseId;
  if (message.kind === 'held') return hold(deps, caseId, message);
  const replied = await actOnCase(deps, caseId, { role: 'customer', caseId }, { type: 'reply', message: clip(message.text.trim() || '(no text: see the attachments)', TEXT_MAX) });
  if (replied.ok) return { ok: true, kind: 'replied', caseId };
  if (replied.reason === 'gone') return open(deps, message);
  return replied;
}

async function open(deps: ReceiveMessageDeps, message: InboundMessage): Promise<Received> {
  const email = message.sender.email ?? socialAddress(message.sender.social);
  if (!email) return refused('invalid', 'The message names no sender to open a case for.');
  const filed = await fileComplaint(deps, {
    customer: { name: clip(message.sender.name?.trim() || email.split('@')[0]!, 200), email },
    category: message.category,
    subject: clip(message.subject.trim() || `Message received by ${message.channel}`, SUBJECT_MAX),
    description: clip(message.text.trim() || '(no text: see the attachments)', TEXT_MAX),
    channel: message.channel,
    details: {},
  });
  if (!filed.ok) return filed;
  const social = message.sender.social;
  if (social) await deps.socialThreads.link(social.platform, social.senderId, filed.body.id);
  return { ok: true, kind: 'opened', caseId: filed.body.id, caseNumber: filed.body.caseNumber };
}

/**
 * A social sender has no email address; the case needs one. A reserved `.invalid` domain (RFC 2606) makes sure no
 * mail is ever delivered to it; staff answer through the platform.
 */
function socialAddress(social: InboundMessage['sender']['social']): string | undefined {
  return social ? `${social.platform}.${social.senderId.replace(/[^0-9A-Za-z_-]/g, '')}@social.invalid` : undefined;
}

/** A held message becomes an internal note by the system: on the timeline for staff, no clock or status changed. */
async function hold(deps: ReceiveMessageDeps, caseId: string, message: InboundMessage): Promise<Received> {
  const summary = clip(
    `Message held for review (${message.heldBecause ?? 'not from the customer'}) from ${message.sender.email ?? message.sender.social?.senderId ?? 'unknown sender'} by ${message.channel}, "${message.subject}": ${message.text}`,
    TEXT_MAX,
  );
  const result = await decideAndCommit(deps.store, caseId, (theCase: Case) => {
    const draft = new Draft(lifecycleOf(theCase), { role: 'system' }, deps.now(), deps.policies.of(theCase.policy));
    draft.event('note', summary, 'internal', { deadlines: [] });
    return { decision: { ok: true, state: draft.state, events: draft.events, clockOps: [], notifications: [], signal: null } };
  }).catch((e: unknown) => {
    if (e instanceof ConcurrentChangeError) return undefined;
    throw e;
  });
  if (!result) return refused('conflict', 'The case kept changing while the message was recorded.');
  if (result.outcome === 'missing') return notFound('No such complaint.');
  return { ok: true, kind: 'held', caseId };
}
