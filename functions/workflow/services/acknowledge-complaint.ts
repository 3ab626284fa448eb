import { ConcurrentChangeError, type Mailer } from '../../adapters/ports';
import { statusUrl } from '../../domain/complaint';
import { caseStartOf, decide, startLifecycle } from '../../domain/lifecycle';
import type { Policy } from '../../domain/policy';
import type { Ticket } from '../../domain/ticket';
import { acknowledgmentMessage } from '../../domain/ticket-events';
import type { CaseStore } from './case-store';
import { workflowNext, type WorkflowNext } from '../../domain/lifecycle';

export interface AcknowledgeDeps {
  store: CaseStore;
  mailer: Mailer;
  policy: Policy;
  publicBaseUrl: string;
  now?: () => Date;
}

const SYSTEM = { role: 'system' } as const;

/**
 * The Acknowledge step: starts the case's lifecycle from the intake's ticket, emails the customer (case number,
 * estimated resolution, next steps, status link), records it, and answers where the case waits next.
 *
 * The status link's token is on the ticket in plain text only until this step mailed it; the commit removes it.
 * Under retries: an acknowledged case is not mailed again (decide refuses a second acknowledge with 409, which
 * means "already done"). The email is at-least-once: a Lambda that dies between SendEmail and the commit mails
 * again on the retry (a duplicate acknowledgment is better than none).
 */
export async function acknowledgeComplaint(deps: AcknowledgeDeps, ticketId: string): Promise<WorkflowNext> {
  const now = deps.now ?? (() => new Date());
  for (let attempt = 0; ; attempt++) {
    const record = await deps.store.load(ticketId);
    const state = record.lifecycle ?? startLifecycle(deps.policy, caseStartOf(record));
    const at = now();
    const decision = decide(state, { type: 'acknowledge' }, SYSTEM, at, deps.policy);
    if (!decision.ok) return workflowNext(state, at); // already acknowledged
    const token = record.accessTokenForDelivery;
    if (!token) throw new Error(`ticket ${ticketId} has no access token to deliver`);
    const message = acknowledgmentMessage(deps.policy, { ...record, status: 'received' } as Ticket, statusUrl(deps.publicBaseUrl, record.id, token));
    await deps.mailer.send({ to: record.customer.email, ...message });
    try {
      await deps.store.commit(record, { state: decision.state, events: decision.events, acknowledgedAt: at.toISOString() });
      return workflowNext(decision.state, at);
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= 4) throw e;
    }
  }
}
