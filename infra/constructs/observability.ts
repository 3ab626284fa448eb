import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { OUTBOX_METRICS } from '../../functions/adapters/outbox-metrics';

export interface ObservabilityProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: Record<string, IFunction>;
  /** The supervisors' mailbox (context `supervisorAddress`): subscribed to the alarm topic. */
  readonly supervisorAddress: string;
  /** The stage the functions tag their metrics with (`STAGE`). */
  readonly stage: string;
}

/** How long the outbox may keep failing before the supervisors hear of it. */
export const OUTBOX_FAILURE_WINDOW = Duration.minutes(15);

/**
 * Alarms that say a case or a message needs a person: a workflow execution failed, timed out or was aborted (its
 * name is the case id), a handler keeps erroring, a record landed in a dead-letter queue, the outbox failed to send.
 * Every alarm notifies one SNS topic, to which the supervisors' mailbox is subscribed (AWS mails a confirmation link
 * on the first deploy); other subscribers (chat, paging) are added to the same topic. The alarm path needs neither
 * the table nor SES, so it still speaks when those are what failed.
 */
export class Observability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly alarmTopic: sns.Topic;
  private readonly alarmAction: actions.SnsAction;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.stage = props.stage;
    // Encrypted with a key of our own: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the supervisors alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new sns.Topic(this, 'SupervisorAlarms', {
      displayName: 'Redress alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.supervisorAddress));
    this.alarmAction = new actions.SnsAction(this.alarmTopic);

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
    this.add(
      workflowProblems.createAlarm(this, 'WorkflowFailures', {
        alarmDescription: 'A complaint workflow execution ended abnormally; its execution name is the case id.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        fn.metricErrors({ period, statistic: 'Sum' }).createAlarm(this, `${name}Errors`, {
          alarmDescription: `The ${name} handler returned errors.`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    this.alarmOnOutboxFailures();
  }

  /**
   * A dead-letter queue holds something the system gave up on: any visible message alarms. Its messages name what was
   * dropped (a change stream record's shard and sequence numbers, an undelivered webhook event); the reconciler and the
   * outbox sweep recover the cases themselves, the alarm says that they had to.
   */
  alarmOnDeadLetters(name: string, queue: sqs.IQueue, what: string): cloudwatch.Alarm {
    return this.add(
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }).createAlarm(this, `${name}NotEmpty`, {
        alarmDescription: `${what} Read the queue's messages, then purge it once handled.`,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** The outbox's EMF metrics (functions/adapters/outbox-metrics.ts), under this stage. */
  outboxMetric(metricName: (typeof OUTBOX_METRICS)['sent' | 'failed' | 'sentAfterLease'], period: Duration = Duration.minutes(5)): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: OUTBOX_METRICS.namespace,
      metricName,
      dimensionsMap: { service: OUTBOX_METRICS.service, stage: this.stage },
      statistic: 'Sum',
      period,
    });
  }

  /**
   * Any failed send in a 15-minute window alarms, and the alarm clears after a window without one. The sweep retries
   * a failed message with a growing pause (capped at an hour), so a message that keeps failing alarms again at its
   * retries rather than staying silent. The log line of each failure names the case and the message key.
   */
  private alarmOnOutboxFailures(): void {
    this.add(
      this.outboxMetric(OUTBOX_METRICS.failed, OUTBOX_FAILURE_WINDOW).createAlarm(this, 'OutboxFailures', {
        alarmDescription: 'Outbox messages failed to send in the last 15 minutes (logs: "outbox message not sent"); they are retried, customers may be waiting for mail.',
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private add(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(this.alarmAction);
    this.alarms.push(alarm);
    return alarm;
  }
}
