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
 * Staff recipients (assignee, supervisor, team queues) have no directory yet (identity issue): they go to the one
 * staff mailbox (`SUPERVISOR_ADDRESS`, as the workflow's notifications do) naming the case by number only; without
 * a mailbox they are counted as `undelivered` and logged by template and case id, never reported as sent.
 */
export class Notifier {
  constructor(
    private readonly mailer: Mailer,
    private readonly publicBaseUrl: string,
    private readonly staffAddress?: string,
  ) {}

  async send(policy: Policy, ticket: Ticket, notifications: readonly Notification[]): Promise<{ sent: number; undelivered: number }> {
    let sent = 0;
    let undelivered = 0;
    for (const n of notifications) {
      const vars = Object.fromEntries(Object.entries(n.vars).filter(([, v]) => v.trim() !== ''));
      if (n.to !== 'customer' && this.staffAddress) {
        // A customer's own words stay in the case, not in a mailbox.
        const details = Object.entries(vars).filter(([k]) => k !== 'message').map(([k, v]) => `${k}: ${v}`);
        const text = [`Case ${ticket.caseNumber} (${ticket.id}) needs you: ${n.template.replace(/_/g, ' ')}.`, ...details].join('\n');
        await this.mailer.send({ to: this.staffAddress, subject: `[${n.to}] ${n.template.replace(/_/g, ' ')}: case ${ticket.caseNumber}`, text, html: `<pre>${escapeHtml(text)}</pre>` });
        sent++;
        continue;
      }
      if (n.to !== 'customer') {
        undelivered++;
        console.warn(JSON.stringify({ level: 'warn', msg: 'staff notification not delivered: no staff directory', template: n.template, to: n.to, ticketId: ticket.id }));
        continue;
      }
      const message = renderMessage(policy, n.template, {
        ...vars,
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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
