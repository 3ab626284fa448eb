import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { KPI_FACT_COLUMNS } from '../../functions/analytics/columns';
import { Analytics } from '../../infra/constructs/analytics';

/**
 * The analytics construct on its own: the delivery to S3 with dynamic partitioning,
 * the Glue table with partition projection over the same columns DuckDB loads, the Athena workgroup with encrypted
 * results, and no cdk-nag finding left.
 */

let template: Template;
let nagFindings: string[];

beforeAll(() => {
  // Prepare
  const app = new App();
  const stack = new Stack(app, 'AnalyticsTest', { stackName: 'redress-test' });
  const logs = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
  Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'The test stack access-log bucket itself.' });
  // Act
  const analytics = new Analytics(stack, 'Analytics', { retain: false, accessLogs: logs });
  const report = new lambda.Function(stack, 'Report', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => {}') });
  analytics.allowQuery(report);
  analytics.scheduleReports(report, 'Asia/Ho_Chi_Minh', 7);
  template = Template.fromStack(stack);
  const nag = new AwsSolutionsChecks(app).validateScope(stack.node.findChild('Analytics'));
  nagFindings = nag.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
});

describe('Analytics construct', () => {
  it('delivers facts to S3 under kpi-facts/dt=<date>/ with the date taken from each record, encrypted', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'kpi-facts/dt=!{partitionKeyFromQuery:dt}/',
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        ProcessingConfiguration: Match.objectLike({
          Processors: Match.arrayWith([Match.objectLike({ Type: 'MetadataExtraction', Parameters: Match.arrayWith([{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{dt: .as_of[0:10]}' }]) })]),
        }),
      }),
    });
  });

  it('describes the files with a Glue table: every fact column, JSON SerDe, dt projected by date', () => {
    const tables = template.findResources('AWS::Glue::Table');
    const input = Object.values(tables)[0]!.Properties.TableInput;
    expect(input.Name).toBe('kpi_facts');
    expect(input.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual(Object.keys(KPI_FACT_COLUMNS));
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(input.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
    expect(input.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd' });
  });

  it('runs queries in an Athena workgroup that enforces encrypted results and a scan limit', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 50 * 1024 ** 3,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
  });

  it('runs the daily, weekly and monthly reports at 07:00 in the policy time zone with EventBridge Scheduler, each naming its grain, allowed to invoke that function only', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    for (const [cron, grain] of [
      ['cron(0 7 * * ? *)', 'day'],
      ['cron(0 7 ? * MON *)', 'week'],
      ['cron(0 7 1 * ? *)', 'month'],
    ]) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: cron,
        ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Report'), 'Arn'] }, Input: JSON.stringify({ grain, scheduledTime: '<aws.scheduler.scheduled-time>' }) }),
      });
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Report'), 'Arn'] } }] },
      Roles: [{ Ref: Match.stringLikeRegexp('^AnalyticsReportScheduleRole') }],
    });
  });

  it('a querying function gets Athena in the workgroup and S3 only under the facts and results prefixes', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsFacts'), 'Arn'] }, '/kpi-facts/*']] } }),
        ]),
      },
    });
  });

  it('leaves no cdk-nag AwsSolutions finding', () => {
    expect(nagFindings).toEqual([]);
  });
});
