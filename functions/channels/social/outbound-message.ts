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

const HOUR = 3600_000;
export const STANDARD_WINDOW_MS = 24 * HOUR;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

export type ReplyWindow = { open: true; messagingType: 'RESPONSE' } | { open: true; messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' } | { open: false; closedAt: string };

/** How (and whether) a reply may go out now, given when the customer last wrote on the platform. */
export function replyWindow(lastCustomerMessageAt: string, now: number): ReplyWindow {
  const since = now - Date.parse(lastCustomerMessageAt);
  if (since <= STANDARD_WINDOW_MS) return { open: true, messagingType: 'RESPONSE' };
  if (since <= HUMAN_AGENT_WINDOW_MS) return { open: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  return { open: false, closedAt: new Date(Date.parse(lastCustomerMessageAt) + HUMAN_AGENT_WINDOW_MS).toISOString() };
}

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
