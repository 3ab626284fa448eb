import * as z from '../../domain/zod';
import { directMessagesOf, type DirectMessage } from './direct-message';
import { answerHandshake, verifySignature } from './webhook-verification';
import type { SeenMessages } from '../../core/ports';

/**
 * The messaging webhook's body, behind ports: the GET handshake, and for a POST the signature check, the
 * direct messages in it, idempotency by platform message id, and each new message handed to the core as a new case
 * or a reply to the sender's open case (a DM threads by the sender's platform id; the platform gives no other link).
 * Typed results, no HTTP: the API layer maps them (handshake → 200 text/plain challenge, refused → 403 / 400,
 * accepted → 200).
 */

export interface DmWebhookConfig {
  /** What we typed into the platform's webhook settings as the verify token. */
  verifyToken: string;
  appSecret: string;
  /**
   * Messages older than this are refused as stale, whatever their signature: the dedupe records of `SeenMessages`
   * must outlive it, so that a captured request replayed later is either a duplicate or stale, never new.
   * Meta retries a failed delivery for about a day and a half; the default is three days.
   */
  replayWindowMs?: number;
}

export const DEFAULT_REPLAY_WINDOW_MS = 3 * 24 * 3600_000;

export interface DmDirectory {
  /** The sender's open case on this channel, if any. */
  openCaseOf(platform: DirectMessage['platform'], senderId: string): Promise<string | undefined>;
}

export type DmOutcome = ({ kind: 'new-case' } | { kind: 'reply'; caseId: string }) & { channel: 'social'; message: DirectMessage; receivedAt: string };

/** The port the core implements for direct messages. */
export interface InboundDirectMessages {
  accept(outcome: DmOutcome): Promise<void>;
}

export interface DmWebhookDeps {
  seen: SeenMessages;
  cases: DmDirectory;
  inbound: InboundDirectMessages;
  /** Epoch ms (the virtual clock locally). */
  now: () => number;
}

export type WebhookResult =
  | { kind: 'handshake'; challenge: string }
  | { kind: 'refused'; reason: 'not-a-subscription' | 'wrong-verify-token' | 'missing-challenge' | 'missing-signature' | 'malformed-signature' | 'bad-signature' | 'not-json' | 'not-a-messaging-webhook' }
  | { kind: 'accepted'; delivered: DmOutcome[]; duplicates: number; stale: number };

/** The answer to an accepted delivery: how many messages were new, already seen, or too old to trust. */
export const DeliveryReceiptSchema = z.object({
    received: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: 'New direct messages handed on (a new case or a reply to the sender\'s open case)' }),
    duplicates: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: 'Messages already received (a platform retry or a replay)' }),
    stale: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: 'Messages older than the replay window, refused' }),
  }).register(z.globalRegistry, { id: 'DeliveryReceipt' });
export type DeliveryReceipt = z.infer<typeof DeliveryReceiptSchema>;

export function receiveDmHandshake(query: Readonly<Record<string, string | undefined>>, config: DmWebhookConfig): WebhookResult {
  const result = answerHandshake(query, config.verifyToken);
  return result.ok ? { kind: 'handshake', challenge: result.challenge } : { kind: 'refused', reason: result.reason };
}

export async function receiveDmDelivery(
  request: { rawBody: Uint8Array | string; signature: string | undefined },
  config: DmWebhookConfig,
  deps: DmWebhookDeps,
): Promise<WebhookResult> {
  const signature = verifySignature(request.rawBody, request.signature, config.appSecret);
  if (!signature.ok) return { kind: 'refused', reason: signature.reason };
  let body: unknown;
  try {
    body = JSON.parse(typeof request.rawBody === 'string' ? request.rawBody : Buffer.from(request.rawBody).toString('utf8'));
  } catch {
    return { kind: 'refused', reason: 'not-json' };
  }
  const messages = directMessagesOf(body);
  if (!messages) return { kind: 'refused', reason: 'not-a-messaging-webhook' };

  const now = deps.now();
  const window = config.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  const delivered: DmOutcome[] = [];
  let duplicates = 0;
  let stale = 0;
  for (const message of messages) {
    if (now - Date.parse(message.sentAt) > window) {
      stale += 1;
      continue;
    }
    const key = `DM#${message.platform}#${message.messageId}`;
    // Kept a day past the window: a replay is either still remembered or already stale.
    if (!(await deps.seen.claim(key, now + window + 24 * 3600_000))) {
      duplicates += 1;
      continue;
    }
    try {
      const caseId = await deps.cases.openCaseOf(message.platform, message.senderId);
      const receivedAt = new Date(now).toISOString();
      const outcome: DmOutcome = caseId
        ? { kind: 'reply', caseId, channel: 'social', message, receivedAt }
        : { kind: 'new-case', channel: 'social', message, receivedAt };
      await deps.inbound.accept(outcome);
      delivered.push(outcome);
    } catch (error) {
      await deps.seen.release(key);
      throw error;
    }
  }
  return { kind: 'accepted', delivered, duplicates, stale };
}
