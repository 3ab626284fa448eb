import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: Record<string, IFunction>;
}

/**
 * Alarms that say a case needs a person: a workflow execution failed, timed out or was
 * aborted (its name is the case id), or a handler keeps erroring. Alarm actions (SNS, chat)
 * are left to the deployment; the alarms show in the console either way.
 */
export class Observability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const workflowProblems = new cloudwatch.MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: props.stateMachine.metricFailed({ period, statistic: 'Sum' }),
        timedOut: props.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
        aborted: props.stateMachine.metricAborted({ period, statistic: 'Sum' }),
      },
      period,
      label: 'Complaint executions that failed, timed out or were aborted',
    });
    this.alarms.push(
      workflowProblems.createAlarm(this, 'WorkflowFailures', {
        alarmDescription: 'A complaint workflow execution ended abnormally; its execution name is the case id.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarms.push(
        fn.metricErrors({ period, statistic: 'Sum' }).createAlarm(this, `${name}Errors`, {
          alarmDescription: `The ${name} handler returned errors.`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }
}
