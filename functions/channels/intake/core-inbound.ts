import { logger, type LogLines } from '../../core/logger';
import { receiveMessage, type InboundMessage, type Received, type ReceiveMessageDeps } from '../../core/use-cases/receive-message';
import type { InboundMessages, InboundOutcome } from '../inbound-outcome';
import type { DmOutcome, InboundDirectMessages } from '../social/receive-dm-webhook';
import { intakeCategory } from './intake-category';

/**
 * The channel layer's outcomes handed to the core's `receiveMessage`: the one place that translates. An ignored email
 * (auto-reply, bounce, bulk, our own mail) never reaches the core. A refusal (say, a policy with no category that
 * takes a message without a form) is logged, not thrown: retrying would refuse again. Errors are thrown for a retry.
 */
export interface CoreInbound {
  email: InboundMessages;
  social: InboundDirectMessages;
  /** The latest results (at most 20), for tests and the local stack's log. */
  readonly results: Received[];
}

export function coreInbound(deps: ReceiveMessageDeps, log: LogLines = logger): CoreInbound {
  const results: Received[] = [];
  const deliver = async (message: InboundMessage) => {
    const result = await receiveMessage(deps, message);
    results.push(result);
    if (results.length > 20) results.shift();
    // Ids and kinds only: no personal data in logs.
    if (result.ok) log.info('inbound message', { channel: message.channel, ...result });
    else log.warn('inbound message refused', { channel: message.channel, reason: result.reason, detail: result.detail });
  };
  const category = (text: string) => intakeCategory(deps.policies.current(), text);
  return {
    results,
    email: {
      async accept(outcome) {
        if (outcome.kind === 'ignored') {
          log.info('inbound mail ignored', { reason: outcome.reason, rawKey: outcome.rawKey });
          return;
        }
        await deliver(fromEmail(outcome, category));
      },
    },
    social: {
      async accept(outcome) {
        await deliver(fromDm(outcome, category));
      },
    },
  };
}

function fromEmail(outcome: Exclude<InboundOutcome, { kind: 'ignored' }>, category: (text: string) => string | undefined): InboundMessage {
  const kept = outcome.attachments.filter((a) => !a.inline);
  const attachments = kept.length > 0 ? `\n\n[${kept.length} attachment(s) in the original message: ${kept.map((a) => a.filename ?? a.declaredType).join(', ')}]` : '';
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
