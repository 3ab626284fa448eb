import type { DirectMessage } from './direct-message';

/**
 * Staff replies to a direct message go back through this port (the Graph API's Send API on AWS; a recording fake
 * locally and in tests). The platforms only let a business answer within a window after the customer's last
 * message: 24 hours for a standard response, then up to 7 days with the HUMAN_AGENT tag (a person answering),
 * then not at all: the reply must go by email instead.
 */
export interface DirectMessageSender {
  send(reply: OutboundDirectMessage): Promise<{ messageId: string }>;
}

export interface OutboundDirectMessage {
  platform: DirectMessage['platform'];
  /** The customer's page-scoped id (the inbound message's `senderId`). */
  recipientId: string;
  text: string;
  messagingType: 'RESPONSE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
}

export { HUMAN_AGENT_WINDOW_MS, replyWindow, STANDARD_WINDOW_MS, type ReplyWindow } from '../../domain/social-reply-window';

/** The Send API request body for a reply (`POST /me/messages` of the page's Graph API). */
export function sendApiBody(reply: OutboundDirectMessage): Record<string, unknown> {
  return {
    recipient: { id: reply.recipientId },
    messaging_type: reply.messagingType,
    ...(reply.tag ? { tag: reply.tag } : {}),
    message: { text: reply.text },
  };
}

/** A sender that records instead of sending (local stack and tests: the "fake platform"). */
export function recordingSender(): DirectMessageSender & { sent: OutboundDirectMessage[] } {
  const sent: OutboundDirectMessage[] = [];
  return {
    sent,
    async send(reply) {
      sent.push(reply);
      return { messageId: `local-${sent.length}` };
    },
  };
}
