import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { HandlerErrors, WaitStates, type WaitStep } from '../state-names';
import { invokeStep, NEXT_PATH } from '../tasks';

export interface WaitPhaseProps {
  readonly registerTaskToken: IFunction;
  /** Where a timeout (the earliest clock fell due) or a step that moved on goes. */
  readonly applyDueClocks: sfn.IChainable;
  readonly onFailure: sfn.IChainable;
}

/** Seconds until the earliest running clock, capped at 20 days by the task that computed `$.next`. */
export const WAIT_TIMEOUT_PATH = `${NEXT_PATH}.waitSeconds`;

/**
 * One callback wait for a step of the case: register-task-token stores the token on the case (only while the
 * case is in this step), a human action completes it with SendTaskSuccess and the case's new `next` as output.
 * The timeout is the earliest running clock; on `States.Timeout` the due clocks are applied.
 */
export function waitPhase(scope: Construct, step: WaitStep, props: WaitPhaseProps): sfn.TaskStateBase {
  const id = WaitStates[step].replace(/[^A-Za-z]/g, '');
  return invokeStep(scope, id, {
    stateName: WaitStates[step],
    fn: props.registerTaskToken,
    waitForTaskToken: true,
    payload: {
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      taskToken: sfn.JsonPath.taskToken,
      step,
      // A Retry gets a new token; with these, the newer registration replaces the failed attempt's.
      enteredAt: sfn.JsonPath.stringAt('$$.State.EnteredTime'),
      attempt: sfn.JsonPath.numberAt('$$.State.RetryCount'),
    },
    resultPath: NEXT_PATH,
    timeout: sfn.Timeout.at(WAIT_TIMEOUT_PATH),
    catches: [{ errors: [sfn.Errors.TIMEOUT, HandlerErrors.stepMovedOn], next: props.applyDueClocks }],
    onFailure: props.onFailure,
  });
}
