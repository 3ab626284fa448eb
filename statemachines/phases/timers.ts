import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { StateNames } from '../state-names';
import { invokeStep, NEXT_PATH, nextSelector, TASK_TIMEOUT } from '../tasks';

export interface TimersPhaseProps {
  readonly applyDueClocks: IFunction;
  readonly onFailure: sfn.IChainable;
}

/**
 * Apply due clocks: a wait timed out (its timeout is the earliest running clock), so the domain applies every
 * clock due now (reminder, update, breach, escalation, close), in one write, and answers with `$.next`. Also the
 * way back when the wait's answer carries no `$.next` or the case moved on before the wait registered.
 */
export function timersPhase(scope: Construct, props: TimersPhaseProps): sfn.TaskStateBase {
  return invokeStep(scope, 'ApplyDueClocks', {
    stateName: StateNames.applyDueClocks,
    fn: props.applyDueClocks,
    payload: { caseId: sfn.JsonPath.stringAt('$.caseId') },
    resultSelector: nextSelector,
    resultPath: NEXT_PATH,
    timeout: sfn.Timeout.duration(Duration.seconds(TASK_TIMEOUT)),
    onFailure: props.onFailure,
  });
}
