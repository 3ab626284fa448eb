import { IDEMPOTENCY_HEADER, type OutboxContent } from '../core/outbox';
import type { Notifier as NotifierPort, Mailer, OutboundEmail } from '../core/ports';
import { acknowledgmentMessage } from '../domain/case-messages';
import { statusUrl } from '../domain/complaint';
import { escapeHtml, humanizeVars, renderMessage, type Policy } from '../domain/policy';
import type { Case } from '../domain/case';

/**
 * The one notifier, used by the outbox's sender one message at a time. Customer messages are rendered with the policy's templates (greeting and closing enforced by
 * `renderMessage`), in the case's language where the policy has it, and go to the case's contact; `vars` never carry
 * personal data, the name and address come from the case here. The status link carries no token (only its hash is
 * kept): the customer opens it with the link from the acknowledgment email.
 *
 * Staff recipients (assignee, supervisor, team queues) have no directory yet: they go to the one staff mailbox
 * naming the case by number only, the customer's own words left out; without a mailbox they are logged by template
 * and case id and answered without a message id, never reported as sent. The acknowledgment carries the status
 * link with the case's access token (the only mail that does).
 */
export class PolicyNotifier implements NotifierPort {
  constructor(
    private readonly mailer: Mailer,
    private readonly publicBaseUrl: string,
    private readonly staffAddress?: string,
  ) {}

  async deliver(policy: Policy, theCase: Case, content: OutboxContent, idempotencyKey: string): Promise<{ messageId?: string }> {
    const message = this.render(policy, theCase, content);
    if (!message) return {};
    return this.mailer.send({ ...message, headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } });
  }

  /** The mail for one outbox message, or undefined when a staff notice has no mailbox to go to (logged). */
  render(policy: Policy, theCase: Case, content: OutboxContent): OutboundEmail | undefined {
    if (content.kind === 'acknowledgment') {
      return { to: theCase.customer.email, ...acknowledgmentMessage(policy, theCase, statusUrl(this.publicBaseUrl, theCase.id, content.accessToken)) };
    }
    const n = content.notification;
    const vars = Object.fromEntries(Object.entries(n.vars).filter(([, v]) => v.trim() !== ''));
    if (n.to === 'customer') {
      const language = n.language ?? theCase.lifecycle.language;
      const message = renderMessage(
        policy,
        n.template,
        { ...vars, caseNumber: theCase.caseNumber, customerName: theCase.customer.name, subject: theCase.subject, statusUrl: this.statusPage(theCase.id) },
        language ? { language } : {},
      );
      return { to: theCase.customer.email, subject: message.subject, text: message.text, html: message.html };
    }
    if (!this.staffAddress) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'staff notification not delivered: no staff mailbox', template: n.template, to: n.to, caseId: theCase.id }));
      return undefined;
    }
    // Instants for people too: the supervisor reads "due Thursday … (Lagos time)", not an ISO string.
    const details = Object.entries(humanizeVars(policy, vars))
      .filter(([k]) => k !== 'message') // a customer's own words stay in the case, not in a mailbox
      .map(([k, v]) => `${k}: ${v}`);
    const what = n.template.replace(/_/g, ' ');
    const text = [`Case ${theCase.caseNumber} (${theCase.id}) needs you: ${what}.`, ...details].join('\n');
    return { to: this.staffAddress, subject: `[${n.to}] ${what}: case ${theCase.caseNumber}`, text, html: `<pre>${escapeHtml(text)}</pre>` };
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
