import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { FailureErrors, StateNames } from '../state-names';
import { FAILURE_PATH, TASK_TIMEOUT } from '../tasks';

export interface AttentionPhaseProps {
  readonly recordFailure: IFunction;
}

/**
 * Case needs attention: where every unrecoverable failure lands. The case is flagged (`needsAttention`) and
 * the supervisor is emailed, then the execution fails with a named error (alarmed). A case is never silently lost:
 * if even flagging fails, the execution still fails under its own error name, which the alarm also sees.
 */
export function attentionPhase(scope: Construct, props: AttentionPhaseProps): sfn.IChainable {
  const failed = new sfn.Fail(scope, 'CaseFlagged', {
    stateName: StateNames.caseFlagged,
    error: FailureErrors.lifecycle,
    cause: 'A workflow step failed after its retries; the case is flagged needsAttention and the supervisor was emailed.',
  });
  const flaggingFailed = new sfn.Fail(scope, 'FlaggingFailed', {
    stateName: StateNames.flaggingFailed,
    error: FailureErrors.flagging,
    cause: 'A workflow step failed and flagging the case failed too; the case (execution name = case id) needs manual attention.',
  });
  const flag = new tasks.LambdaInvoke(scope, 'CaseNeedsAttention', {
    stateName: StateNames.caseNeedsAttention,
    lambdaFunction: props.recordFailure,
    payload: sfn.TaskInput.fromObject({
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      error: sfn.JsonPath.stringAt(`${FAILURE_PATH}.Error`),
    }),
    resultPath: sfn.JsonPath.DISCARD,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(TASK_TIMEOUT)),
    retryOnServiceExceptions: true,
  });
  flag.addRetry({
    errors: [sfn.Errors.TASKS_FAILED],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 3,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });
  flag.addCatch(flaggingFailed, { errors: [sfn.Errors.ALL], resultPath: '$.flagFailure' });
  return flag.next(failed);
}
