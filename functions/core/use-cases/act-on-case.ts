import { accessTokenMatches } from '../../domain/access-token';
import type { Action } from '../../domain/lifecycle/actions';
import { decide } from '../../domain/lifecycle/decide';
import type { LifecycleEvent } from '../../domain/lifecycle/events';
import type { Actor, StaffActor } from '../../domain/lifecycle/model';
import { workflowNext } from '../../domain/lifecycle/workflow-next';
import { lifecycleOf, type Case } from '../../domain/case';
import { decideAndCommit } from '../commit-loop';
import { sendOutbox } from './send-outbox';
import { fromDomain, notFound, refused, type Outcome } from '../outcomes';
import { ConcurrentChangeError, type CaseStore, type Clock, type Notifier, type PolicyBook, type TaskCallbacks } from '../ports';

export interface ActOnCaseDeps {
  policies: PolicyBook;
  store: CaseStore;
  callbacks: TaskCallbacks;
  notifier: Notifier;
  now: Clock;
}

export type Acted = Outcome<{ theCase: Case; timeline: LifecycleEvent[] }>;

/**
 * One action on a case, for staff and customers alike: decide (pure, under the policy version the case started
 * under) → commit (guarded, the waiting step's task token taken in the same write) → wake the workflow for the step
 * the case is in now → send what the decision asks to tell (its outbox items, written in the same commit). The caller has authenticated the actor; every business
 * rule, including who may act on which case, is `decide`'s.
 */
export async function actOnCase(deps: ActOnCaseDeps, caseId: string, actor: Actor, action: Action): Promise<Acted> {
  const result = await decideAndCommit(deps.store, caseId, (theCase) => ({ decision: decide(lifecycleOf(theCase), action, actor, deps.now(), deps.policies.of(theCase.policy)) })).catch(
    (e: unknown) => {
      if (e instanceof ConcurrentChangeError) return undefined;
      throw e;
    },
  );
  if (!result) return refused('conflict', 'The case kept changing while the action was applied; reload it and try again.');
  if (result.outcome === 'missing') return notFound('No such complaint.');
  if (result.outcome === 'refused') return fromDomain(result.refusal);
  if (result.outcome === 'unchanged') throw new Error('an action always decides');
  const { theCase, decision, taken } = result;

  if (taken) {
    // `{ caseId, step, status, waitSeconds, timer }`: the wait routes on it directly. `gone` means the wait timed
    // out between our read and the callback: its own path (Apply due clocks) re-reads the case as committed, so the
    // action stands and nothing is applied twice.
    const delivered = await deps.callbacks.complete(taken.taskToken, { caseId: caseId, ...workflowNext(decision.state, deps.now()) });
    if (delivered === 'gone') console.warn(JSON.stringify({ level: 'warn', msg: 'wait already over when the action committed; the workflow re-reads the case', caseId: caseId }));
  }

  // Written with the decision; sent now for the customer's sake, else by the change stream or the sweep.
  await sendOutbox(deps, result.outbox);

  const found = await deps.store.getWithTimeline(caseId);
  return { ok: true, theCase: found?.theCase ?? theCase, timeline: found?.timeline ?? [] };
}

/** A staff action; the actor comes from the verified token. */
export const actAsStaff = (deps: ActOnCaseDeps, caseId: string, actor: StaffActor, action: Action): Promise<Acted> => actOnCase(deps, caseId, actor, action);

/**
 * A customer action with the case's access token. A missing case, a wrong token and another case's token are the
 * same refusal, so the answer never tells whether a case exists.
 */
export async function actAsCustomer(deps: ActOnCaseDeps, caseId: string, accessToken: string | undefined, action: Action): Promise<Acted> {
  const theCase = accessToken ? await deps.store.get(caseId) : undefined;
  if (!theCase || !accessTokenMatches(accessToken, theCase.accessTokenHash)) return notFound();
  return actOnCase(deps, caseId, { role: 'customer', caseId }, action);
}
