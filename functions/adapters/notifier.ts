import { IDEMPOTENCY_HEADER, type OutboxContent } from '../core/outbox';
import type { AccessLinks, Clock, Notifier as NotifierPort, Mailer, OutboundEmail } from '../core/ports';
import { acknowledgmentMessage } from '../domain/case-messages';
import { statusUrl } from '../domain/complaint';
import { brandingOf, escapeHtml, humanizeVars, renderMessage, type Policy } from '../domain/policy';
import type { Case } from '../domain/case';
import { logger } from '../core/logger';

/**
 * How long an emailed case link works. Long enough for the slowest path a case can take after an email (a dispute
 * review, mediation, the follow-up survey), short enough that an old mailbox is not a key forever; an expired link
 * answers as a wrong one, and the newest email about the case always carries a fresh one.
 */
export const LINK_LIFETIME_DAYS = 180;

/**
 * The one notifier, used by the outbox's sender one message at a time. Customer messages are rendered with the
 * policy's templates (greeting and closing enforced by `renderMessage`), in the case's language where the policy has
 * it, and go to the case's contact; `vars` never carry personal data, the name and address come from the case here.
 * The status link opens the case: the acknowledgment carries the case's access token (the only mail that does);
 * every later mail a signed access link (`#access=…`, in the fragment, so never in a server log or Referer) valid
 * for {@link LINK_LIFETIME_DAYS} days, minted at sending since only the access token's hash is kept. Without `links`
 * (the simulator) the link is the bare page.
 *
 * Staff recipients (assignee, supervisor, team queues) have no directory yet: they go to the one staff mailbox
 * naming the case by number only, the customer's own words left out; without a mailbox they are logged by template
 * and case id and answered without a message id, never reported as sent.
 */
export class PolicyNotifier implements NotifierPort {
  constructor(
    private readonly mailer: Mailer,
    private readonly publicBaseUrl: string,
    private readonly staffAddress?: string,
    private readonly access: { links?: AccessLinks; now?: Clock } = {},
  ) {}

  async deliver(policy: Policy, theCase: Case | undefined, content: OutboxContent, idempotencyKey: string): Promise<{ messageId?: string }> {
    const message = theCase ? await this.render(policy, theCase, content) : this.caselessNotice(policy, content);
    if (!message) return {};
    return this.mailer.send({ ...message, headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } });
  }

  /** The mail for one outbox message, or undefined when a staff notice has no mailbox to go to (logged). */
  async render(policy: Policy, theCase: Case, content: OutboxContent): Promise<OutboundEmail | undefined> {
    if (content.kind === 'acknowledgment') {
      const message = acknowledgmentMessage(policy, theCase, statusUrl(this.publicBaseUrl, theCase.id, content.accessToken));
      return { to: theCase.customer.email, ...message, caseId: theCase.id, automatic: 'auto-generated' };
    }
    if (content.kind === 'finance_notice') return this.financeNotice(policy, theCase, content);
    if (content.kind === 'address_changed') return this.addressChanged(policy, theCase, content);
    const n = content.notification;
    const vars = Object.fromEntries(Object.entries(n.vars).filter(([, v]) => v.trim() !== ''));
    if (n.to === 'customer') {
      const language = n.language ?? theCase.lifecycle.language;
      const message = renderMessage(
        policy,
        n.template,
        { ...vars, caseNumber: theCase.caseNumber, customerName: theCase.customer.name, subject: theCase.subject, statusUrl: await this.statusPage(theCase.id) },
        language ? { language } : {},
      );
      // About the case: the mailer threads it (a signed Reply-To, the message id remembered for In-Reply-To).
      return { to: theCase.customer.email, subject: message.subject, text: message.text, html: message.html, caseId: theCase.id };
    }
    if (!this.staffAddress) {
      logger.warn('staff notification not delivered: no staff mailbox', { template: n.template, to: n.to, caseId: theCase.id });
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

  /**
   * The notice to the address a correction replaced. Not threaded to the case (no signed Reply-To): whoever reads the
   * old mailbox may not be the customer any more, so it points to the support address rather than into the case.
   */
  private addressChanged(policy: Policy, theCase: Case, content: Extract<OutboxContent, { kind: 'address_changed' }>): OutboundEmail {
    const language = theCase.lifecycle.language;
    const { supportAddress } = brandingOf(policy);
    const vars = { caseNumber: theCase.caseNumber, changedAt: content.changedAt, newAddress: content.newAddressMasked, ...(supportAddress ? { supportAddress } : {}) };
    const message = renderMessage(policy, 'email_changed', vars, language ? { language } : {});
    return { to: content.previousEmail, subject: message.subject, text: message.text, html: message.html, automatic: 'auto-generated' };
  }

  /** A message kept under no case: only a chargeback's own staff notice can be one. */
  private caselessNotice(policy: Policy, content: OutboxContent): OutboundEmail | undefined {
    if (content.kind !== 'finance_notice') throw new Error(`a ${content.kind} message needs its case`);
    return this.financeNotice(policy, undefined, content);
  }

  /** A finance decision's staff notice: the record and the case by number, its facts for people (no personal data). */
  private financeNotice(policy: Policy, theCase: Case | undefined, content: Extract<OutboxContent, { kind: 'finance_notice' }>): OutboundEmail | undefined {
    const { record, notice } = content;
    if (!this.staffAddress) {
      logger.warn('finance notice not delivered: no staff mailbox', { template: notice.template, to: notice.to, ...(theCase ? { caseId: theCase.id } : { [`${record.kind}Id`]: record.id }) });
      return undefined;
    }
    const what = notice.template.replace(/_/g, ' ');
    const where = theCase ? `case ${theCase.caseNumber}` : 'no linked case';
    const details = Object.entries(humanizeVars(policy, notice.facts)).map(([k, v]) => `${k}: ${v}`);
    const text = [`${record.kind} ${record.id}, ${where}: ${what}.`, ...details].join('\n');
    return { to: this.staffAddress, subject: `[${notice.to}] ${what}: ${record.kind} ${record.id} (${where})`, text, html: `<pre>${escapeHtml(text)}</pre>` };
  }

  async alertSupervisors(subject: string, text: string): Promise<void> {
    if (!this.staffAddress) {
      logger.error('supervisor alert not delivered: no staff mailbox', { subject });
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
