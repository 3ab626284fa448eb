import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { FailureErrors, StateNames } from '../state-names';
import { flagCase, invokeStep } from '../tasks';

export interface FirstResponsePhaseProps {
  readonly registerTaskToken: IFunction;
  readonly recordBreach: IFunction;
}

/** Seconds until the first-response deadline, planned by Acknowledge (at least 1). */
export const FIRST_RESPONSE_TIMEOUT_PATH = '$.plan.waits.firstResponseSeconds';

/**
 * First response: a callback task stores its token on the ticket and waits for the staff
 * reply (SendTaskSuccess). The timeout is the first-response deadline; when it passes, the
 * breach is recorded on the case.
 *
 * The domain keeps `firstResponseSeconds` under 24 days (local timers overflow beyond);
 * longer clocks are chained waits.
 */
export function firstResponsePhase(scope: Construct, props: FirstResponsePhaseProps): sfn.Chain {
  const breached = invokeStep(scope, 'FirstResponseBreached', {
    stateName: StateNames.firstResponseBreached,
    fn: props.recordBreach,
    payload: { ticketId: sfn.JsonPath.stringAt('$.ticketId'), clock: 'firstResponse' },
    resultPath: sfn.JsonPath.DISCARD,
    timeout: sfn.Timeout.duration(Duration.seconds(30)),
    onFailure: flagCase(
      scope,
      'BreachRecordingFailed',
      StateNames.breachRecordingFailed,
      FailureErrors.breachRecording,
      'The first-response deadline passed and recording the breach failed after its retries; the case (execution name = ticket id) needs manual attention.',
    ),
  }).next(new sfn.Succeed(scope, 'BreachRecorded', { stateName: StateNames.breachRecorded }));

  return invokeStep(scope, 'AwaitFirstResponse', {
    stateName: StateNames.awaitFirstResponse,
    fn: props.registerTaskToken,
    waitForTaskToken: true,
    payload: {
      ticketId: sfn.JsonPath.stringAt('$.ticketId'),
      taskToken: sfn.JsonPath.taskToken,
      step: 'firstResponse',
    },
    resultPath: '$.firstResponse',
    timeout: sfn.Timeout.at(FIRST_RESPONSE_TIMEOUT_PATH),
    catches: [{ errors: [sfn.Errors.TIMEOUT], next: breached, resultPath: '$.breach' }],
    onFailure: flagCase(
      scope,
      'FirstResponseWaitFailed',
      StateNames.firstResponseWaitFailed,
      FailureErrors.firstResponseWait,
      'Waiting for the first response failed (token could not be registered or the callback reported a failure); the case (execution name = ticket id) needs manual attention.',
    ),
  }).next(new sfn.Succeed(scope, 'FirstResponseGiven', { stateName: StateNames.firstResponseGiven }));
}
