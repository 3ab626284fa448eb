import { outboxRefOf } from '../outbox';
import type { OutboxStore } from '../ports';

/** One message the mail service says it accepted: the outbox key it carried, its id there, and when. */
export interface SentMail {
  key: string;
  messageId: string;
  at: string;
}

export interface ConfirmCounts {
  /** Marked sent by this confirmation: its sender died (or has not marked it yet) after the mail service took it. */
  confirmed: number;
  /** Marked already (by the sender), or no longer in the outbox. */
  already: number;
  /** Not an outbox message of ours (no key, or an unknown one). */
  foreign: number;
}

/**
 * The mail service's word that a message was accepted marks its outbox item sent. The sender marks it too, right
 * after the mail service answers; this closes the window between the two: a sender that dies in it leaves a
 * claim that runs out, and without this confirmation the sweep would mail the customer a second time.
 * Whichever mark comes first wins; the other changes nothing.
 */
export async function confirmSentMail(deps: { store: OutboxStore }, mails: readonly SentMail[]): Promise<ConfirmCounts> {
  const counts: ConfirmCounts = { confirmed: 0, already: 0, foreign: 0 };
  for (const mail of mails) {
    const ref = outboxRefOf(mail.key);
    if (!ref) {
      counts.foreign++;
      continue;
    }
    const marked = await deps.store.markOutboxSent(ref, { claimId: 'mail-service', at: mail.at, messageId: mail.messageId });
    counts[marked ? 'confirmed' : 'already']++;
  }
  return counts;
}
