import { decide } from '../../domain/lifecycle/decide';
import { workflowNext, type WorkflowNext } from '../../domain/lifecycle/workflow-next';
import { lifecycleOf } from '../../domain/case';
import { decideAndCommit } from '../commit-loop';
import { CaseNotFoundError, type IncidentStore, type CaseStore, type Clock, type Notifier, type PolicyBook } from '../ports';
import { sendCaseOutbox, sendOutbox } from './send-outbox';
import { linkNewCase } from './incidents/link-cases';
import type { LinkDeps } from './incidents/incident-deps';
import { logger } from '../logger';

/** Linking never fails the acknowledgment: the case is acknowledged; an unlinked case is still in the queue. */
async function linkToIncident(deps: LinkDeps, caseId: string): Promise<void> {
  await linkNewCase(deps, caseId).catch((e: unknown) => logger.error('linking the new case to an incident failed', { caseId, error: (e as Error)?.name }));
}

export interface AcknowledgeDeps {
  store: CaseStore;
  notifier: Notifier;
  policies: PolicyBook;
  now: Clock;
  /** Active outage incidents: a new case they explain is linked right after its acknowledgment. */
  incidents?: IncidentStore;
}

const SYSTEM = { role: 'system' } as const;

/**
 * The Acknowledge step: emails the customer (case number, estimated resolution, next steps, the status link with its
 * access token), records it, and answers where the case waits next.
 *
 * The acknowledgment is an outbox item written by the same commit that records it, and that commit moves the
 * access token from the case into that item (which drops it once the mail is sent). The mail goes out through the
 * outbox's sender right after the commit, or from the change stream or the sweep if this step dies first: once,
 * never lost (see send-outbox.ts for the window that remains). A retried step finds the case acknowledged, sends
 * whatever of its outbox is still pending and answers `$.next`.
 */
export async function acknowledge(deps: AcknowledgeDeps, caseId: string): Promise<WorkflowNext> {
  const result = await decideAndCommit(deps.store, caseId, (theCase) => {
    if (theCase.status !== 'received') return undefined; // already acknowledged
    const policy = deps.policies.of(theCase.policy);
    if (!theCase.accessTokenForDelivery) throw new Error(`case ${theCase.id} has no access token to deliver`);
    return {
      decision: decide(lifecycleOf(theCase), { type: 'acknowledge' }, SYSTEM, deps.now(), policy),
      set: { acknowledgedAt: deps.now().toISOString() },
      remove: ['accessTokenForDelivery'],
      outbox: [{ kind: 'acknowledgment', accessToken: theCase.accessTokenForDelivery }],
    };
  });
  if (result.outcome === 'missing') throw new CaseNotFoundError(`no case ${caseId}`);
  if (result.outcome === 'refused') throw new Error(`acknowledge refused: ${result.refusal.problem.detail}`);
  if (result.outcome === 'unchanged') {
    await sendCaseOutbox(deps, caseId);
    return workflowNext(lifecycleOf(result.theCase), deps.now());
  }
  // The acknowledgment, then what it set in motion (an escalation trigger matched at intake, say).
  await sendOutbox(deps, result.outbox);
  if (deps.incidents) await linkToIncident({ ...deps, incidents: deps.incidents }, caseId);
  return workflowNext(result.decision.state, deps.now());
}
