import type { Mailer } from '../../adapters/ports';
import type { Notification } from '../../domain/lifecycle';
import { renderMessage, type Policy } from '../../domain/policy';
import type { CaseRecord } from './case-store';

export interface NotifyDeps {
  mailer: Mailer;
  policy: Policy;
  publicBaseUrl: string;
  /** The staff mailbox (supervisor, the assignee's and the teams' queues); from config, never from the case. */
  staffAddress: string;
}

/** The customer's status page without the token: the customer has the full link from the acknowledgment. */
export const statusPageUrl = (base: string, id: string) => `${base}/case.html?id=${encodeURIComponent(id)}`;

const filled = (vars: Record<string, string>) => Object.fromEntries(Object.entries(vars).filter(([, v]) => v.trim() !== ''));

/**
 * Sends what a decision asked for. Customer messages are rendered with the policy's templates (greeting and
 * closing enforced by renderMessage) and go to the ticket's contact; staff notifications are plain internal notes
 * to the staff mailbox, naming the case by its number only (no customer data in a staff inbox or in a log line).
 */
export async function sendNotifications(deps: NotifyDeps, record: CaseRecord, notifications: Notification[]): Promise<number> {
  for (const n of notifications) {
    if (n.to === 'customer') {
      const message = renderMessage(deps.policy, n.template, {
        ...filled(n.vars),
        caseNumber: record.caseNumber,
        customerName: record.customer.name,
        subject: record.subject,
        statusUrl: statusPageUrl(deps.publicBaseUrl, record.id),
      });
      await deps.mailer.send({ to: record.customer.email, ...message });
    } else {
      const details = Object.entries(filled(n.vars))
        .filter(([k]) => k !== 'message') // a customer's own words stay in the case, not in a mailbox
        .map(([k, v]) => `${k}: ${v}`);
      const subject = `[${n.to}] ${n.template.replace(/_/g, ' ')}: case ${record.caseNumber}`;
      const text = [`Case ${record.caseNumber} (${record.id}) needs you: ${n.template.replace(/_/g, ' ')}.`, ...details].join('\n');
      await deps.mailer.send({ to: deps.staffAddress, subject, text, html: `<pre>${escapeHtml(text)}</pre>` });
    }
  }
  return notifications.length;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
