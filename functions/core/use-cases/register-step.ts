import { stepOf } from '../../domain/lifecycle/signals';
import { lifecycleOf } from '../../domain/case';
import type { CaseStore, Clock } from '../ports';
import { logger } from '../logger';
import { logCase } from '../logger';

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
  for (let attempt = 0; attempt < 5; attempt++) {
    const theCase = await deps.store.get(input.caseId);
    if (!theCase || stepOf(lifecycleOf(theCase)) !== input.step) return { moved: true };
    logCase(theCase);
    const result = await deps.store.registerTaskToken(theCase, input.step, { taskToken: input.taskToken, registeredAt: deps.now().toISOString(), ...(generation ? { generation } : {}) });
    if (result === 'moved') continue;
    // A flagged case whose workflow (restarted by the reconciler, or by hand) waits on its step again is driven
    // again: the flag comes off the "needs attention" list. A flag raised meanwhile stays.
    if (theCase.needsAttention && (await deps.store.clearFlag(theCase.id, theCase.needsAttention.at))) {
      logger.warn('flagged case driven again; flag lifted', { caseId: theCase.id, flaggedAt: theCase.needsAttention.at, error: theCase.needsAttention.error });
    }
    return { registered: result };
  }
  return { moved: true }; // it keeps changing: route again from a fresh read
}
