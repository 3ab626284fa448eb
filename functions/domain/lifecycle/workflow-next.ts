import { secondsUntil } from '../policy';
import type { LifecycleState } from './model';
import { nextTimer, stepOf, type NextTimer, type WorkflowStep } from './signals';

/** The longest a wait may last before re-routing (statemachines/state-names.ts MAX_WAIT_SECONDS: 20 days). */
export const MAX_WAIT_SECONDS = 1_728_000;

/**
 * What every workflow task answers into `$.next`, and what an action's SendTaskSuccess carries. Pure, so the
 * workflow tasks and the API's action handlers share it without one layer importing the other.
 */
export interface WorkflowNext {
  step: WorkflowStep;
  status: LifecycleState['status'];
  /** Seconds until the earliest running clock, at least 1, at most 20 days (then the wait just re-routes). */
  waitSeconds: number;
  timer?: NextTimer;
}

export function workflowNext(state: LifecycleState, now: Date): WorkflowNext {
  const timer = nextTimer(state);
  const step = stepOf(state);
  const waitSeconds = timer && step !== 'done' ? Math.min(Math.max(1, secondsUntil(timer.due, now)), MAX_WAIT_SECONDS) : MAX_WAIT_SECONDS;
  return timer ? { step, status: state.status, waitSeconds, timer } : { step, status: state.status, waitSeconds };
}
