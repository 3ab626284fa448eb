import { mayReadCase } from '../../domain/access/read-access';
import { audited, type AuditTrail } from './audit-trail';
import type { Action } from '../../domain/lifecycle/actions';
import { decide } from '../../domain/lifecycle/decide';
import type { LifecycleEvent } from '../../domain/lifecycle/events';
import type { Actor, StaffActor } from '../../domain/lifecycle/model';
import { workflowNext } from '../../domain/lifecycle/workflow-next';
import { lifecycleOf, type Case, type PendingTask } from '../../domain/case';
import { decideAndCommit } from '../commit-loop';
import { customerMayOpen } from '../customer-access';
import { sendOutbox } from './send-outbox';
import { stepUpGate } from './step-up';
import { customerActionOperation } from '../../domain/identity/step-up';
import { fromDomain, notFound, refused, type Outcome } from '../outcomes';
import { sequenceNextIssue } from './sequence-next-issue';
import { keepTaskToken } from './register-step';
import { ConcurrentChangeError, TaskTokenConflictError, type AccessLinks, type CaseStore, type Clock, type Notifier, type PolicyBook, type StaffDirectory, type StepUpStore, type TaskCallbacks } from '../ports';
import { logger } from '../logger';

export interface ActOnCaseDeps {
  policies: PolicyBook;
  store: CaseStore;
  callbacks: TaskCallbacks;
  notifier: Notifier;
  now: Clock;
  /** Lets a signed access link act for the customer as the access token does (see `customerMayOpen`). */
  links?: AccessLinks;
  /** Where an `assign` is checked against the people on staff; without one, any id is taken as given. */
  staff?: StaffDirectory;
}

export type Acted = Outcome<{ theCase: Case; timeline: LifecycleEvent[] }>;

/**
 * One action on a case, for staff and customers alike: decide (pure, under the policy version the case started
 * under) → commit (guarded, the waiting step's task token taken in the same write) → wake the workflow for the step
 * the case is in now → send what the decision asks to tell (its outbox items, written in the same commit). The caller has authenticated the actor; every business
 * rule, including who may act on which case, is `decide`'s.
 */
export async function actOnCase(deps: ActOnCaseDeps, caseId: string, actor: Actor, action: Action): Promise<Acted> {
  if (action.type === 'assign' && deps.staff) {
    const unknown = await unknownAssignee(deps, deps.staff, caseId, actor, action.to);
    if (unknown) return unknown;
  }
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
    const delivered = await deps.callbacks
      .complete(taken.task.taskToken, { caseId: caseId, ...workflowNext(decision.state, deps.now()) })
      .catch(async (e: unknown) => {
        await handBackToken(deps.store, caseId, taken.step, taken.task, e);
        return 'handed back' as const;
      });
    if (delivered === 'gone') logger.warn('wait already over when the action committed; the workflow re-reads the case', { caseId: caseId });
  }

  // Written with the decision; sent now for the customer's sake, else by the change stream or the sweep.
  await sendOutbox(deps, result.outbox);

  const resolvedAt = theCase.lifecycle.resolution?.at;
  if (resolvedAt && resolvedAt !== result.before.lifecycle.resolution?.at) {
    await sequenceNextIssue(deps, (id, next) => actOnCase(deps, id, { role: 'system' }, next), theCase, resolvedAt).catch((e: unknown) => {
      // The resolution stands; the reconciler's due-clock checks do not start this clock, so say so loudly.
      logger.error('sequencing the next issue failed', { caseId, error: (e as Error)?.name });
    });
  }

  const found = await deps.store.getWithTimeline(caseId);
  return { ok: true, theCase: found?.theCase ?? theCase, timeline: found?.timeline ?? [] };
}

/**
 * The action is committed and the wait's token taken with it, but the workflow could not be woken (Step Functions
 * did not answer). The token goes back under the step it was taken from, which the case has left: a wait on a step
 * the case has left is what the reconciler wakes on its next run (minutes), as after a raced commit. So the action
 * stands and is answered as done. A wait that found a newer registration of its step has been woken some other way;
 * only if this write keeps failing does the wait run to its own timeout, and the log says so.
 */
async function handBackToken(store: CaseStore, caseId: string, step: string, task: PendingTask, cause: unknown): Promise<void> {
  // The error's name only: a Step Functions message may quote the token.
  const why = { caseId, step, error: (cause as Error)?.name };
  try {
    const kept = await keepTaskToken(store, caseId, step, task, () => true);
    if (kept.result !== 'moved') logger.warn('waking the workflow failed after the action committed; its token is back for the reconciler', why);
    else logger.error('waking the workflow failed after the action committed, and the case kept changing (or is gone): the wait runs to its own timeout', why);
  } catch (e) {
    if (e instanceof TaskTokenConflictError) return;
    logger.error('waking the workflow failed after the action committed, and its token could not be kept: the wait runs to its own timeout', { ...why, handBack: (e as Error)?.name });
  }
}

/**
 * The one fact `decide` cannot know: whether the person a case is assigned to exists. Asked only when `decide` would
 * accept the assignment on the case as it is now, so that a refusal for the role, the rung or the turn reads the same
 * with or without a directory (and the directory is not probed by people who may not assign).
 */
async function unknownAssignee(deps: ActOnCaseDeps, staff: StaffDirectory, caseId: string, actor: Actor, to: string): Promise<Acted | undefined> {
  const theCase = await deps.store.get(caseId);
  if (!theCase || !decide(lifecycleOf(theCase), { type: 'assign', to }, actor, deps.now(), deps.policies.of(theCase.policy)).ok) return undefined;
  if (await staff.knows(to)) return undefined;
  return refused('invalid', 'Nobody on staff has that id.', [{ field: 'to', message: 'not a member of staff' }]);
}

/** A staff action; the actor comes from the verified token. A case they may not read is answered as a missing one. */
export async function actAsStaff(deps: ActOnCaseDeps & { audit?: AuditTrail }, caseId: string, actor: StaffActor, action: Action): Promise<Acted> {
  const theCase = await deps.store.get(caseId);
  const acted = !theCase || !mayReadCase(deps.policies.of(theCase.policy), actor, theCase.lifecycle) ? notFound('No such complaint.') : await actOnCase(deps, caseId, actor, action);
  // The action stands once committed: an audit append that fails afterwards is logged (ids only), not answered as a failure.
  return audited(deps.audit, actor, `act:${action.type}`, caseId, acted).catch((e: unknown) => {
    logger.error('audit append failed after a staff action', { caseId, action: action.type, error: (e as Error)?.name });
    return acted;
  });
}

/**
 * A customer action with the case's access token or an access link granting `act`, behind the step-up gate. A missing case, a wrong
 * credential and another case's are the same refusal, so the answer never tells whether a case exists.
 */
export async function actAsCustomer(deps: ActOnCaseDeps & { stepUps: Pick<StepUpStore, 'verification'> }, caseId: string, credential: string | undefined, action: Action): Promise<Acted> {
  const theCase = credential ? await deps.store.get(caseId) : undefined;
  if (!theCase || !(await customerMayOpen(deps.links, theCase, credential, 'act', deps.now()))) return notFound();
  // Escalating a money complaint, or any action on a case the policy flags `verify_identity`, needs a fresh step-up.
  // Asked only of an action the case would take now: a late or out-of-turn one gets its own answer, not a code to fetch.
  const policy = deps.policies.of(theCase.policy);
  const gate = await stepUpGate(deps.stepUps, policy, theCase, customerActionOperation(action.type), deps.now());
  if (gate) {
    const verdict = decide(lifecycleOf(theCase), action, { role: 'customer', caseId }, deps.now(), policy);
    return verdict.ok ? gate : fromDomain(verdict);
  }
  return actOnCase(deps, caseId, { role: 'customer', caseId }, action);
}
