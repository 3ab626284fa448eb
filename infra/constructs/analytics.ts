import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { FACTS_TABLE, KPI_FACT_COLUMNS, PARTITION_COLUMN } from '../../functions/analytics/columns';
import { FACTS_PREFIX, REPORTS_PREFIX } from '../../functions/analytics/layout';
import type { Grain } from '../../functions/domain/kpi';

export interface AnalyticsProps {
  /** Keep the fact files (and refuse deletes) outside throwaway stages. */
  readonly retain: boolean;
  /** Where the two buckets write their S3 server access logs. */
  readonly accessLogs: s3.IBucket;
  /** First date of the partition projection (yyyy-MM-dd); the range runs to NOW. */
  readonly firstFactDate?: string;
  /** Athena refuses a query that would scan more than this (a cost guard). */
  readonly bytesScannedCutoffPerQuery?: number;
}

type FunctionWithEnv = IFunction & { addEnvironment(key: string, value: string): unknown };

/**
 * KPI facts leave DynamoDB as files and are queried with SQL: a Firehose delivery stream writes the facts to S3 as
 * `kpi-facts/dt=YYYY-MM-DD/…` JSON lines (dynamic partitioning on the fact's date), a Glue table with partition
 * projection describes them (no crawler, no partition maintenance), and an Athena workgroup with an encrypted,
 * expiring results bucket runs the queries in functions/analytics/queries. The columns come from the same list the
 * local DuckDB table uses (functions/analytics/columns.ts).
 *
 * The facts are computed by the domain (kpiFactsOf) in a consumer of the table's stream; that consumer and the
 * stream itself are wired by the stack (`allowPutFacts`), as is any function that queries (`allowQuery`).
 */
export class Analytics extends Construct {
  readonly factsBucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly databaseName: string;
  /** A literal physical name, so the consumer's environment names it without a reference (the local runtime reads env from the template). */
  readonly deliveryStreamName: string;

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucketDefaults = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: props.accessLogs,
    } as const;

    this.factsBucket = new s3.Bucket(this, 'Facts', {
      ...bucketDefaults,
      serverAccessLogsPrefix: 's3-kpi-facts/',
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
      lifecycleRules: [{ prefix: `${FACTS_PREFIX}-errors/`, expiration: Duration.days(30) }],
    });
    this.resultsBucket = new s3.Bucket(this, 'QueryResults', {
      ...bucketDefaults,
      serverAccessLogsPrefix: 's3-kpi-results/',
      removalPolicy: RemovalPolicy.DESTROY,
      // Query results are re-computable; a report that must last is stored by the report step itself.
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });

    this.deliveryStreamName = `redress-kpi-facts-${stack.stackName}`.slice(0, 64);
    const deliveryRole = new iam.Role(this, 'DeliveryRole', { assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com') });
    this.factsBucket.grantWrite(deliveryRole);
    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: this.deliveryStreamName,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: this.factsBucket.bucketArn,
        roleArn: deliveryRole.roleArn,
        prefix: `${FACTS_PREFIX}/${PARTITION_COLUMN}=!{partitionKeyFromQuery:dt}/`,
        errorOutputPrefix: `${FACTS_PREFIX}-errors/!{firehose:error-output-type}/`,
        // Dynamic partitioning needs at least 64 MiB buffers; the interval bounds how stale a dashboard can be.
        bufferingHints: { sizeInMBs: 64, intervalInSeconds: 300 },
        compressionFormat: 'UNCOMPRESSED',
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'MetadataExtraction',
              parameters: [
                // The UTC date of the fact's instant, as partitionOf computes it (as_of is an ISO instant in UTC).
                { parameterName: 'MetadataExtractionQuery', parameterValue: '{dt: .as_of[0:10]}' },
                { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
              ],
            },
            { type: 'AppendDelimiterToRecord', parameters: [{ parameterName: 'Delimiter', parameterValue: '\\n' }] },
          ],
        },
      },
    });
    this.deliveryStream.node.addDependency(deliveryRole);

    this.databaseName = `redress_${stack.stackName.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: 'Redress KPI facts' },
    });
    const location = `s3://${this.factsBucket.bucketName}/${FACTS_PREFIX}/`;
    const glueTypes = { string: 'string', bigint: 'bigint', int: 'int', boolean: 'boolean' } as const;
    this.table = new glue.CfnTable(this, 'FactsTable', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: FACTS_TABLE,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${props.firstFactDate ?? '2026-01-01'},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${location}${PARTITION_COLUMN}=\${dt}/`,
        },
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'false' } },
          columns: Object.entries(KPI_FACT_COLUMNS).map(([name, type]) => ({ name, type: glueTypes[type] })),
        },
      },
    });
    this.table.node.addDependency(this.database);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `redress-kpi-${stack.stackName}`,
      description: 'Redress KPI queries (functions/analytics/queries)',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 50 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    Validations.of(deliveryRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.factsBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason: 'Firehose writes objects under keys it chooses per partition; the wildcard is the object key in the facts bucket only.',
    });
    Validations.of(deliveryRole).acknowledge({
      id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
      reason: 'CDK grantWrite: multipart upload abort on the facts bucket, which Firehose uses for large objects.',
    });
    Validations.of(deliveryRole).acknowledge({
      id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      reason: 'CDK grantWrite includes deletes of the objects Firehose itself writes (failed multipart parts).',
    });
  }

  /**
   * The scheduled reports keep what they mail (page, CSV, chart) under `reports/` in the facts bucket, which is
   * retained outside throwaway stages and outside the Glue table's `kpi-facts/` location. Write only: the mail links
   * the report route (allowReadingReports), which signs the links. REPORTS_BUCKET names the bucket.
   */
  allowKeepingReports(fn: FunctionWithEnv): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.factsBucket.arnForObjects(`${REPORTS_PREFIX}/*`)] }));
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.factsBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${REPORTS_PREFIX}/*]`,
        reason: 'Each report is kept under a key named by its grain and period, all under the reports prefix of the facts bucket.',
      });
    }
    fn.addEnvironment('REPORTS_BUCKET', this.factsBucket.bucketName);
  }

  /**
   * The report route reads the kept reports to sign a short link to one: GetObject under `reports/` only, and
   * ListBucket restricted to that prefix so that S3 answers a missing report 404 (without it, 403). REPORTS_BUCKET
   * names the bucket.
   */
  allowReadingReports(fn: FunctionWithEnv): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.factsBucket.arnForObjects(`${REPORTS_PREFIX}/*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.factsBucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${REPORTS_PREFIX}/*`] } } }));
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.factsBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${REPORTS_PREFIX}/*]`,
        reason: 'Each report is kept under a key named by its grain, period and file, all under the reports prefix of the facts bucket; read only.',
      });
    }
    fn.addEnvironment('REPORTS_BUCKET', this.factsBucket.bucketName);
  }

  /** The stream consumer that computes facts may put them on the delivery stream; KPI_FACTS_STREAM names it. */
  allowPutFacts(fn: FunctionWithEnv): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [this.deliveryStream.attrArn] }));
    fn.addEnvironment('KPI_FACTS_STREAM', this.deliveryStreamName);
  }

  /** A function that runs the KPI queries: Athena in the workgroup, the Glue table, the facts and results buckets. */
  allowQuery(fn: FunctionWithEnv): void {
    const stack = Stack.of(this);
    const workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroup.name });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [workGroupArn],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName }),
          stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${this.databaseName}/${FACTS_TABLE}` }),
        ],
      }),
    );
    // Athena reads the fact files and writes the results with the caller's credentials: only those prefixes.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: [this.factsBucket.bucketArn, this.resultsBucket.bucketArn] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.factsBucket.arnForObjects(`${FACTS_PREFIX}/*`)] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], resources: [this.resultsBucket.arnForObjects('results/*')] }),
    );
    if (fn.role) {
      for (const [bucket, prefix] of [
        [this.factsBucket, FACTS_PREFIX],
        [this.resultsBucket, 'results'],
      ] as const) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${prefix}/*]`,
          reason: 'Athena reads every fact file under the facts prefix and writes result objects it names itself under the results prefix.',
        });
      }
    }
    fn.addEnvironment('KPI_WORKGROUP', this.workGroup.name);
    fn.addEnvironment('KPI_DATABASE', this.databaseName);
  }

  /**
   * Runs the report function daily, on Mondays and on the 1st of each month at `hour`:00 in the policy's time zone
   * with EventBridge Scheduler, which keeps the local hour across daylight-saving changes (an EventBridge rule's
   * cron is UTC only). Each schedule's Input names its grain and carries the scheduled time (Scheduler's context
   * attribute), so a run retried late still reports the whole local period before its scheduled time.
   */
  scheduleReports(fn: IFunction, timeZone: string, hour: number): Record<Grain, scheduler.CfnSchedule> {
    const role = new iam.Role(this, 'ReportScheduleRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: 'Invokes the scheduled KPI reports' });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
    const at = `${String(hour).padStart(2, '0')}:00 ${timeZone}`;
    const plan: Record<Grain, { id: string; cron: string; words: string }> = {
      day: { id: 'DailyReportSchedule', cron: `cron(0 ${hour} * * ? *)`, words: `Daily KPI report at ${at}, covering the previous local day` },
      week: { id: 'WeeklyReportSchedule', cron: `cron(0 ${hour} ? * MON *)`, words: `Weekly KPI report on Mondays at ${at}, covering the previous week (Monday to Sunday)` },
      month: { id: 'MonthlyReportSchedule', cron: `cron(0 ${hour} 1 * ? *)`, words: `Monthly KPI report on the 1st at ${at}, covering the previous month` },
    };
    const schedule = (grain: Grain) =>
      new scheduler.CfnSchedule(this, plan[grain].id, {
        description: plan[grain].words,
        scheduleExpression: plan[grain].cron,
        scheduleExpressionTimezone: timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: { arn: fn.functionArn, roleArn: role.roleArn, input: JSON.stringify({ grain, scheduledTime: '<aws.scheduler.scheduled-time>' }), retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3_600 } },
      });
    return { day: schedule('day'), week: schedule('week'), month: schedule('month') };
  }
}
