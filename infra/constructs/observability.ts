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
import { METRICS } from '../../functions/adapters/metrics';
import { OUTBOX_METRICS } from '../../functions/adapters/outbox-metrics';
import type { BreachAlarmThreshold } from '../../functions/domain/kpi/alarm-thresholds';
import type { OperationalMetric } from '../../functions/domain/kpi/operational-metrics';

export interface ObservabilityProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: Record<string, IFunction>;
  /** The supervisors' mailbox (context `supervisorAddress`): subscribed to the alarm topic. */
  readonly supervisorAddress: string;
  /** The stage the functions tag their metrics with (`STAGE`). */
  readonly stage: string;
  /** What the daily breach alarms allow, from the deployed policy (functions/domain/kpi/alarm-thresholds.ts). */
  readonly breaches: BreachAlarmThreshold;
}

/** Handlers per error alarm: a metric-math alarm takes at most ten metrics. */
export const HANDLERS_PER_ERROR_ALARM = 10;

/** Escalations per hour above this many standard deviations of the learned band alarm (a spike, not a trend). */
export const ESCALATION_SPIKE_STD_DEVS = 3;

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
    this.alarmOnHandlerErrors(props.functions, period);
    this.alarmOnOutboxFailures();
    this.alarmOnBreaches(props.breaches);
    this.alarmOnEscalationSpikes();
    this.alarmOnCasesNeedingAttention();
  }

  /** An operational metric of the functions (functions/adapters/metrics.ts): the total, or one series of a dimension. */
  operationalMetric(metricName: OperationalMetric['name'], period: Duration, dimensions: Record<string, string> = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS.namespace,
      metricName,
      dimensionsMap: { service: METRICS.service, stage: this.stage, ...dimensions },
      statistic: 'Sum',
      period,
    });
  }

  /**
   * One alarm per clock of the policy's attainment target: that clock's breaches per case received in a day above
   * the share the policy allows (functions/domain/kpi/alarm-thresholds.ts says what the ratio stands for). Days with
   * fewer cases than the minimum read 0.
   */
  private alarmOnBreaches(threshold: BreachAlarmThreshold): void {
    const period = Duration.days(1);
    for (const clock of threshold.clocks) {
      const share = new cloudwatch.MathExpression({
        expression: `IF(intake >= ${threshold.minimumDailyIntake}, breaches / intake, 0)`,
        usingMetrics: {
          intake: new cloudwatch.MathExpression({ expression: 'FILL(i, 0)', usingMetrics: { i: this.operationalMetric('Intake', period) }, period }),
          breaches: new cloudwatch.MathExpression({ expression: 'FILL(b, 0)', usingMetrics: { b: this.operationalMetric('Breaches', period, { clock }) }, period }),
        },
        period,
        label: `${clock} breaches per case received in a day`,
      });
      const name = `${clock[0]!.toUpperCase()}${clock.slice(1)}`;
      this.add(
        share.createAlarm(this, `${name}BreachShare`, {
          alarmDescription: `More than ${threshold.maxBreachShare * 100} % of the day's cases broke the ${clock} promise (${threshold.basis}). Staff console: the breach list.`,
          threshold: threshold.maxBreachShare,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

  /**
   * Escalations per hour above CloudWatch's anomaly band for them (learned from their own history, by hour and
   * weekday): a sudden run of escalations (an outage, a broken queue) rather than a slow drift, which the reports show.
   * The band needs about two weeks of data before it narrows; until then it rarely fires.
   */
  private alarmOnEscalationSpikes(): void {
    this.add(
      new cloudwatch.AnomalyDetectionAlarm(this, 'EscalationSpike', {
        metric: this.operationalMetric('Escalations', Duration.hours(1)),
        stdDevs: ESCALATION_SPIKE_STD_DEVS,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: 'Escalations this hour are far above their usual band (logs: EMF metric Escalations, by rung and trigger).',
      }),
    );
  }

  /**
   * A case flagged for a person after a workflow step failed for good. Its execution does not fail (the failure path
   * catches the error), so the execution alarm above stays quiet: this one counts the flags.
   */
  private alarmOnCasesNeedingAttention(): void {
    this.add(
      this.operationalMetric('WorkflowFailures', Duration.minutes(5)).createAlarm(this, 'CasesNeedingAttention', {
        alarmDescription: 'A workflow step failed after its retries and the case was flagged (staff console: Needs attention).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
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
  /**
   * Handler errors, one alarm per group of up to ten functions (a metric-math alarm takes at most ten metrics), the
   * group's function names in its description and the erring one on the alarm's graph. One alarm per function would
   * be 59 of CloudFormation's 500 resources per stack, which the stack no longer had to spare.
   */
  private alarmOnHandlerErrors(functions: Record<string, IFunction>, period: Duration): void {
    const entries = Object.entries(functions).sort(([a], [b]) => a.localeCompare(b));
    for (let g = 0; g * HANDLERS_PER_ERROR_ALARM < entries.length; g++) {
      const group = entries.slice(g * HANDLERS_PER_ERROR_ALARM, (g + 1) * HANDLERS_PER_ERROR_ALARM);
      const usingMetrics = Object.fromEntries(group.map(([name, fn], i) => [`e${i}`, fn.metricErrors({ period, statistic: 'Sum', label: name })]));
      const names = group.map(([name]) => name);
      this.add(
        new cloudwatch.MathExpression({ expression: Object.keys(usingMetrics).join(' + '), usingMetrics, period, label: `Errors of ${names.join(', ')}` }).createAlarm(this, `HandlerErrors${g + 1}`, {
          alarmDescription: `A handler returned errors: one of ${names.join(', ')} (the alarm's graph shows which).`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

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
