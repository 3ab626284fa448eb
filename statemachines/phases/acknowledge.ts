import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { FailureErrors, StateNames } from '../state-names';
import { flagCase, invokeStep } from '../tasks';

export interface AcknowledgePhaseProps {
  readonly acknowledge: IFunction;
}

/**
 * Acknowledge: the acknowledgment email goes out and the handler returns the plan of waits
 * (`{ waits: { firstResponseSeconds } }`) into `$.plan`, computed by the domain from the policy.
 */
export function acknowledgePhase(scope: Construct, props: AcknowledgePhaseProps): sfn.TaskStateBase {
  return invokeStep(scope, 'Acknowledge', {
    stateName: StateNames.acknowledge,
    fn: props.acknowledge,
    payload: { ticketId: sfn.JsonPath.stringAt('$.ticketId') },
    resultSelector: { waits: sfn.JsonPath.objectAt('$.Payload.waits') },
    resultPath: '$.plan',
    timeout: sfn.Timeout.duration(Duration.seconds(30)),
    onFailure: flagCase(
      scope,
      'AcknowledgeFailed',
      StateNames.acknowledgeFailed,
      FailureErrors.acknowledge,
      'The acknowledgment step failed after its retries; the case (execution name = ticket id) needs manual attention.',
    ),
  });
}
