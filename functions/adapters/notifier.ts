import type { AccessLinks, Clock, Notifier as NotifierPort, Mailer } from '../core/ports';
import type { Notification } from '../domain/lifecycle/notifications';
import { escapeHtml, humanizeVars, renderMessage, type Policy } from '../domain/policy';
import type { Case } from '../domain/case';

/**
 * How long an emailed case link works. Long enough for the slowest path a case can take after an email (a dispute
 * review, mediation, the follow-up survey), short enough that an old mailbox is not a key forever; an expired link
 * answers as a wrong one, and the newest email about the case always carries a fresh one.
 */
export const LINK_LIFETIME_DAYS = 180;

/**
 * The one notifier. Customer messages are rendered with the policy's templates (greeting and closing enforced by
 * `renderMessage`), in the case's language where the policy has it, and go to the case's contact; `vars` never carry
 * personal data, the name and address come from the case here. The status link opens the case: it carries a signed
 * access link (`#access=…`, in the fragment, so never in a server log or Referer) valid for {@link LINK_LIFETIME_DAYS}
 * days, minted at sending since only the access token's hash is kept. Without `links` (the simulator) the link is
 * the bare page.
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
    private readonly access: { links?: AccessLinks; now?: Clock } = {},
  ) {}

  async send(policy: Policy, theCase: Case, notifications: readonly Notification[]): Promise<{ sent: number; undelivered: number }> {
    let sent = 0;
    let undelivered = 0;
    for (const n of notifications) {
      const vars = Object.fromEntries(Object.entries(n.vars).filter(([, v]) => v.trim() !== ''));
      if (n.to === 'customer') {
        const statusUrl = await this.statusPage(theCase.id);
        const language = n.language ?? theCase.lifecycle.language;
        const message = renderMessage(
          policy,
          n.template,
          { ...vars, caseNumber: theCase.caseNumber, customerName: theCase.customer.name, subject: theCase.subject, statusUrl },
          language ? { language } : {},
        );
        await this.mailer.send({ to: theCase.customer.email, subject: message.subject, text: message.text, html: message.html });
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

  private async statusPage(id: string): Promise<string> {
    const page = `${this.publicBaseUrl}/case.html?id=${encodeURIComponent(id)}`;
    if (!this.access.links) return page;
    const now = (this.access.now ?? (() => new Date()))();
    const link = await this.access.links.sign(id, 'act', new Date(now.getTime() + LINK_LIFETIME_DAYS * 86_400_000));
    return `${page}#access=${link}`;
  }
}
