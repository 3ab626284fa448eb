import { stepOf } from '../../domain/lifecycle/signals';
import { lifecycleOf, type Case, type PendingTask } from '../../domain/case';
import { COMMIT_ATTEMPTS } from '../commit-loop';
import type { CaseStore, Clock } from '../ports';
import { logCase, logger } from '../logger';

export interface RegisterStepInput {
  caseId: string;
  taskToken: string;
  step: string;
  /** `$$.State.EnteredTime` and `$$.State.RetryCount`: a Retry's new token replaces the one of a failed attempt. */
  enteredAt?: string;
  attempt?: number;
}

export type StepRegistration = { registered: 'registered' | 'already-registered' } | { moved: true };

/**
 * A callback wait: stores `{ taskToken, registeredAt, generation }` under `tasks[step]`, on condition that the case
 * is still in that step (checked on the version the write is conditioned on). `moved` when the case left the step
 * (a human was faster than the registration): the wait's Catch goes to Apply due clocks, which re-reads and routes
 * the case. A change that keeps the step (a note, a claim) just registers again on the fresh version.
 */
export async function registerStep(deps: { store: CaseStore; now: Clock }, input: RegisterStepInput): Promise<StepRegistration> {
  const generation = input.enteredAt ? `${input.enteredAt}#${String(input.attempt ?? 0).padStart(4, '0')}` : undefined;
  const task = { taskToken: input.taskToken, registeredAt: deps.now().toISOString(), ...(generation ? { generation } : {}) };
  const kept = await keepTaskToken(deps.store, input.caseId, input.step, task, (theCase) => stepOf(lifecycleOf(theCase)) === input.step);
  // Gone, left the step, or it keeps changing: the wait's Catch routes again from a fresh read.
  if (kept.result === 'moved') return { moved: true };
  const { theCase } = kept;
  // A flagged case whose workflow (restarted by the reconciler, or by hand) waits on its step again is driven
  // again: the flag comes off the "needs attention" list. A flag raised meanwhile stays.
  if (theCase.needsAttention && (await deps.store.clearFlag(theCase.id, theCase.needsAttention.at))) {
    logger.warn('flagged case driven again; flag lifted', { caseId: theCase.id, flaggedAt: theCase.needsAttention.at, error: theCase.needsAttention.error });
  }
  return { registered: kept.result };
}

/**
 * The one loop that keeps a wait's token on a case: read the case, and while `keeps` says the token belongs on it,
 * store `task` under `step` on the version read; another writer moving the case meanwhile means a fresh read and a
 * new try (at most {@link COMMIT_ATTEMPTS}). `moved` when the case is gone, `keeps` says no, or it kept changing.
 * A stale token throws the store's TaskTokenConflictError.
 */
export async function keepTaskToken(
  store: CaseStore,
  caseId: string,
  step: string,
  task: PendingTask,
  keeps: (theCase: Case) => boolean,
): Promise<{ result: 'moved' } | { result: 'registered' | 'already-registered'; theCase: Case }> {
  for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
    const theCase = await store.get(caseId);
    if (!theCase || !keeps(theCase)) return { result: 'moved' };
    logCase(theCase);
    const result = await store.registerTaskToken(theCase, step, task);
    if (result !== 'moved') return { result, theCase };
  }
  return { result: 'moved' };
}
