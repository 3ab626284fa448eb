import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { StateNames } from '../state-names';
import { invokeStep, NEXT_PATH, nextSelector, TASK_TIMEOUT } from '../tasks';

export interface AcknowledgePhaseProps {
  readonly acknowledge: IFunction;
  readonly onFailure: sfn.IChainable;
}

/** Acknowledge: the acknowledgment email goes out, the lifecycle starts, and `$.next` says where the case waits. */
export function acknowledgePhase(scope: Construct, props: AcknowledgePhaseProps): sfn.TaskStateBase {
  return invokeStep(scope, 'Acknowledge', {
    stateName: StateNames.acknowledge,
    fn: props.acknowledge,
    payload: { caseId: sfn.JsonPath.stringAt('$.caseId') },
    resultSelector: nextSelector,
    resultPath: NEXT_PATH,
    timeout: sfn.Timeout.duration(Duration.seconds(TASK_TIMEOUT)),
    onFailure: props.onFailure,
  });
}
