import { logger, type LogLines } from '../../core/logger';
import { receiveMessage, type InboundMessage, type Received, type ReceiveMessageDeps } from '../../core/use-cases/receive-message';
import type { InboundMessages, InboundOutcome } from '../inbound-outcome';
import type { DmOutcome, InboundDirectMessages } from '../social/receive-dm-webhook';
import { attachmentNote, attachmentPlan } from './email-attachments';
import { intakeCategory } from './intake-category';
import type { FileStorage, RawMailArchive } from '../../core/ports';

/**
 * The channel layer's outcomes handed to the core's `receiveMessage`: the one place that translates. An ignored email
 * (auto-reply, bounce, bulk, our own mail) never reaches the core. A refusal (say, a policy with no category that
 * takes a message without a form) is logged, not thrown: retrying would refuse again. Errors are thrown for a retry.
 * An email's attachments that passed the content check are stored on its case as uploads (`files`), the road a
 * browser's upload takes; the others are named in the message (`email-attachments.ts`). The raw message's key is
 * recorded with the case it went on (`rawMail`), for erasure.
 */
export interface CoreInbound {
  email: InboundMessages;
  social: InboundDirectMessages;
  /** The latest results (at most 20), for tests and the local stack's log. */
  readonly results: Received[];
}

export function coreInbound(deps: ReceiveMessageDeps, log: LogLines = logger, files?: Pick<FileStorage, 'putUpload'>, rawMail?: Pick<RawMailArchive, 'recordCase'>): CoreInbound {
  const results: Received[] = [];
  const deliver = async (message: InboundMessage): Promise<Received> => {
    const result = await receiveMessage(deps, message);
    results.push(result);
    if (results.length > 20) results.shift();
    // Ids and kinds only: no personal data in logs.
    if (result.ok) log.info('inbound message', { channel: message.channel, ...result });
    else log.warn('inbound message refused', { channel: message.channel, reason: result.reason, detail: result.detail });
    return result;
  };
  const category = (text: string) => intakeCategory(deps.policies.current(), text);
  return {
    results,
    email: {
      async accept(outcome, contents) {
        if (outcome.kind === 'ignored') {
          log.info('inbound mail ignored', { reason: outcome.reason, rawKey: outcome.rawKey });
          return;
        }
        const plan = attachmentPlan(outcome);
        const result = await deliver(fromEmail(outcome, attachmentNote(plan), category));
        // After the message is on the case (the case of a new mail exists only now). A redelivery after a failed
        // store is a duplicate for the core but still names the case of a reply, so its files are stored then.
        const caseId = result.ok && (result.kind === 'opened' || result.kind === 'replied') ? result.caseId : result.ok && result.kind === 'duplicate' && outcome.kind === 'reply' ? outcome.caseId : undefined;
        // The raw message is on the case (a held one too, as a note): recorded so that the case's erasure deletes it.
        const onCase = result.ok && result.kind !== 'duplicate' ? result.caseId : result.ok && outcome.kind !== 'new-case' ? outcome.caseId : undefined;
        if (onCase) await rawMail?.recordCase(outcome.rawKey, onCase);
        if (!caseId || !files || !contents) return;
        for (const kept of plan.keep) {
          const bytes = contents.get(kept.sha256);
          if (bytes) await files.putUpload(caseId, kept.uploadId, bytes);
        }
        if (plan.keep.length > 0) log.info('email attachments stored', { caseId, uploads: plan.keep.map((k) => k.uploadId) });
      },
    },
    social: {
      async accept(outcome) {
        await deliver(fromDm(outcome, category));
      },
    },
  };
}

function fromEmail(outcome: Exclude<InboundOutcome, { kind: 'ignored' }>, attachments: string, category: (text: string) => string | undefined): InboundMessage {
  return {
    kind: outcome.kind,
    channel: 'email',
    dedupeKey: outcome.messageId?.toLowerCase() ?? outcome.rawKey,
    sender: { email: outcome.from.address, ...(outcome.from.name ? { name: outcome.from.name } : {}) },
    subject: outcome.subject,
    text: `${outcome.text}${attachments}`,
    receivedAt: outcome.receivedAt,
    ...(outcome.kind !== 'new-case' ? { caseId: outcome.caseId } : {}),
    ...(outcome.kind === 'held' ? { heldBecause: outcome.reason } : {}),
    ...(outcome.kind === 'new-case' ? withCategory(category(`${outcome.subject} ${outcome.text}`)) : {}),
  };
}

function fromDm(outcome: DmOutcome, category: (text: string) => string | undefined): InboundMessage {
  const { message } = outcome;
  const attachments = message.attachments.length > 0 ? `\n\n[${message.attachments.length} attachment(s) on ${message.platform}]` : '';
  return {
    kind: outcome.kind,
    channel: 'social',
    sender: { social: { platform: message.platform, senderId: message.senderId } },
    subject: `Direct message on ${message.platform}`,
    text: `${message.text}${attachments}`,
    receivedAt: outcome.receivedAt,
    ...(outcome.kind === 'reply' ? { caseId: outcome.caseId } : withCategory(category(message.text))),
  };
}

const withCategory = (slug: string | undefined) => (slug ? { category: slug } : {});
