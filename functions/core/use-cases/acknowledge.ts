import { statusUrl } from '../../domain/complaint';
import { decide } from '../../domain/lifecycle/decide';
import { workflowNext, type WorkflowNext } from '../../domain/lifecycle/workflow-next';
import { lifecycleOf } from '../../domain/case';
import { acknowledgmentMessage } from '../../domain/case-messages';
import { decideAndCommit } from '../commit-loop';
import { CaseNotFoundError, type CaseStore, type Clock, type Mailer, type Notifier, type PolicyBook } from '../ports';

export interface AcknowledgeDeps {
  store: CaseStore;
  mailer: Mailer;
  notifier: Notifier;
  policies: PolicyBook;
  publicBaseUrl: string;
  now: Clock;
}

const SYSTEM = { role: 'system' } as const;

/**
 * The Acknowledge step: emails the customer (case number, estimated resolution, next steps, the status link with its
 * access token), records it, and answers where the case waits next.
 *
 * The token is on the case in plain text only until this step mailed it; the same commit removes it. A retried step
 * finds the case acknowledged and only answers `$.next`. The email is at-least-once: a step that dies between
 * sending and committing mails again on the retry (a duplicate acknowledgment is better than none).
 */
export async function acknowledge(deps: AcknowledgeDeps, caseId: string): Promise<WorkflowNext> {
  const result = await decideAndCommit(deps.store, caseId, (theCase) => {
    if (theCase.status !== 'received') return undefined; // already acknowledged
    const policy = deps.policies.of(theCase.policy);
    return {
      decision: decide(lifecycleOf(theCase), { type: 'acknowledge' }, SYSTEM, deps.now(), policy),
      set: { acknowledgedAt: deps.now().toISOString() },
      remove: ['accessTokenForDelivery'],
      beforeCommit: async (read) => {
        const token = read.accessTokenForDelivery;
        if (!token) throw new Error(`case ${read.id} has no access token to deliver`);
        const message = acknowledgmentMessage(policy, read, statusUrl(deps.publicBaseUrl, read.id, token));
        await deps.mailer.send({ to: read.customer.email, ...message, caseId: read.id, automatic: 'auto-generated' });
      },
    };
  });
  if (result.outcome === 'missing') throw new CaseNotFoundError(`no case ${caseId}`);
  if (result.outcome === 'refused') throw new Error(`acknowledge refused: ${result.refusal.problem.detail}`);
  if (result.outcome === 'unchanged') return workflowNext(lifecycleOf(result.theCase), deps.now());
  // What the acknowledgment itself set in motion (an escalation trigger matched at intake, say).
  await deps.notifier.send(deps.policies.of(result.theCase.policy), result.theCase, result.decision.notifications);
  return workflowNext(result.decision.state, deps.now());
}
