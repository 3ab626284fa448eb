import type { Notification } from '../domain/lifecycle/notifications';
import { renderMessage, type Policy } from '../domain/policy';
import type { Ticket } from '../domain/ticket';
import type { Mailer } from './ports';

/**
 * Sends what a decision asks to tell. Customer messages are rendered with the policy's templates (greeting and
 * closing enforced by `renderMessage`) and go to the ticket's contact; `vars` never carry personal data, the name
 * and address come from the ticket here. The status link carries no token (only its hash is kept): the customer
 * opens it with the link from the acknowledgment email.
 *
 * Staff recipients (assignee, supervisor, team queues) have no directory yet (identity issue): they are counted as
 * `undelivered` and logged by template and case id only, never silently reported as sent.
 */
export class Notifier {
  constructor(
    private readonly mailer: Mailer,
    private readonly publicBaseUrl: string,
  ) {}

  async send(policy: Policy, ticket: Ticket, notifications: readonly Notification[]): Promise<{ sent: number; undelivered: number }> {
    let sent = 0;
    let undelivered = 0;
    for (const n of notifications) {
      if (n.to !== 'customer') {
        undelivered++;
        console.warn(JSON.stringify({ level: 'warn', msg: 'staff notification not delivered: no staff directory', template: n.template, to: n.to, ticketId: ticket.id }));
        continue;
      }
      const message = renderMessage(policy, n.template, {
        ...n.vars,
        caseNumber: ticket.caseNumber,
        customerName: ticket.customer.name,
        subject: ticket.subject,
        statusUrl: `${this.publicBaseUrl}/case.html?id=${encodeURIComponent(ticket.id)}`,
      });
      await this.mailer.send({ to: ticket.customer.email, subject: message.subject, text: message.text, html: message.html });
      sent++;
    }
    return { sent, undelivered };
  }
}
