import type { Notifier as NotifierPort, Mailer } from '../core/ports';
import type { Notification } from '../domain/lifecycle/notifications';
import { escapeHtml, humanizeVars, renderMessage, type Policy } from '../domain/policy';
import type { Case } from '../domain/case';

/**
 * The one notifier. Customer messages are rendered with the policy's templates (greeting and closing enforced by
 * `renderMessage`), in the case's language where the policy has it, and go to the case's contact; `vars` never carry
 * personal data, the name and address come from the case here. The status link carries no token (only its hash is
 * kept): the customer opens it with the link from the acknowledgment email.
 *
 * Staff recipients (assignee, supervisor, team queues) have no directory yet: they go to the one staff mailbox
 * naming the case by number only, the customer's own words left out; without a mailbox they are counted as
 * `undelivered` and logged by template and case id, never reported as sent.
 */
export class PolicyNotifier implements NotifierPort {
  constructor(
    private readonly mailer: Mailer,
    private readonly publicBaseUrl: string,
    private readonly staffAddress?: string,
  ) {}

  async send(policy: Policy, theCase: Case, notifications: readonly Notification[]): Promise<{ sent: number; undelivered: number }> {
    let sent = 0;
    let undelivered = 0;
    for (const n of notifications) {
      const vars = Object.fromEntries(Object.entries(n.vars).filter(([, v]) => v.trim() !== ''));
      if (n.to === 'customer') {
        const language = n.language ?? theCase.lifecycle.language;
        const message = renderMessage(
          policy,
          n.template,
          { ...vars, caseNumber: theCase.caseNumber, customerName: theCase.customer.name, subject: theCase.subject, statusUrl: this.statusPage(theCase.id) },
          language ? { language } : {},
        );
        await this.mailer.send({ to: theCase.customer.email, subject: message.subject, text: message.text, html: message.html, caseId: theCase.id });
        sent++;
      } else if (this.staffAddress) {
        // Instants for people too: the supervisor reads "due Thursday … (Lagos time)", not an ISO string.
        const details = Object.entries(humanizeVars(policy, vars))
          .filter(([k]) => k !== 'message') // a customer's own words stay in the case, not in a mailbox
          .map(([k, v]) => `${k}: ${v}`);
        const what = n.template.replace(/_/g, ' ');
        const text = [`Case ${theCase.caseNumber} (${theCase.id}) needs you: ${what}.`, ...details].join('\n');
        await this.mailer.send({ to: this.staffAddress, subject: `[${n.to}] ${what}: case ${theCase.caseNumber}`, text, html: `<pre>${escapeHtml(text)}</pre>` });
        sent++;
      } else {
        undelivered++;
        console.warn(JSON.stringify({ level: 'warn', msg: 'staff notification not delivered: no staff mailbox', template: n.template, to: n.to, caseId: theCase.id }));
      }
    }
    return { sent, undelivered };
  }

  async alertSupervisors(subject: string, text: string): Promise<void> {
    if (!this.staffAddress) {
      console.error(JSON.stringify({ level: 'error', msg: 'supervisor alert not delivered: no staff mailbox', subject }));
      return;
    }
    await this.mailer.send({ to: this.staffAddress, subject, text, html: `<p>${escapeHtml(text)}</p>` });
  }

  private statusPage(id: string): string {
    return `${this.publicBaseUrl}/case.html?id=${encodeURIComponent(id)}`;
  }
}
