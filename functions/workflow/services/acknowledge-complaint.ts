import type { Mailer, TicketStore } from '../../adapters/ports';
import { statusUrl } from '../../domain/complaint';
import type { Policy } from '../../domain/policy';
import { acknowledged, acknowledgmentMessage, secondsUntil } from '../../domain/ticket-events';
import { commitChange } from './commit-change';

export interface AcknowledgeDeps {
  store: TicketStore;
  mailer: Mailer;
  policy: Policy;
  publicBaseUrl: string;
  now?: () => Date;
}

/**
 * The Acknowledge step: email the customer (case number, estimated resolution, next steps, status link), then
 * record it. Returns the seconds until the first-response deadline for the callback wait's timeout.
 *
 * How the status link gets its token: the token is stored on the ticket only hashed, plus once in plain
 * (`accessTokenForDelivery`) until this step has mailed it; the commit below removes it. Nothing secret goes
 * through the Step Functions input or history (logged in full), which carries only the ticket id.
 *
 * Under Step Functions retries: a ticket already acknowledged is not mailed again. The email is at-least-once:
 * if the Lambda dies between SendEmail and the commit, the retry mails again (a duplicate acknowledgment is
 * better than none).
 */
export async function acknowledgeComplaint(deps: AcknowledgeDeps, ticketId: string): Promise<{ waits: { firstResponseSeconds: number } }> {
  const now = deps.now ?? (() => new Date());
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new Error(`no ticket ${ticketId}`);
  if (!ticket.acknowledgedAt) {
    const token = ticket.accessTokenForDelivery;
    if (!token) throw new Error(`ticket ${ticketId} has no access token to deliver`);
    const message = acknowledgmentMessage(deps.policy, ticket, statusUrl(deps.publicBaseUrl, ticket.id, token));
    await deps.mailer.send({ to: ticket.customer.email, ...message });
    await commitChange(deps.store, ticketId, (current) => {
      if (current.acknowledgedAt) return undefined; // a concurrent attempt recorded it
      const { event, set } = acknowledged(current, now());
      return { event, set, remove: ['accessTokenForDelivery'] };
    });
  }
  return { waits: { firstResponseSeconds: secondsUntil(ticket.deadlines.firstResponse.due, now()) } };
}
