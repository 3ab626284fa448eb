/**
 * The messaging platforms (Meta's Messenger and Instagram) let a business answer a direct message only within a
 * window after the customer's last message: 24 hours for a standard response, then up to 7 days with the
 * HUMAN_AGENT tag (a person answering), then not at all. Pure: the lifecycle refuses a staff reply the platform
 * would refuse, and the sender picks the messaging type from the same function.
 */
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
