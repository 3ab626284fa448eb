import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseEvents } from '../../infra/constructs/case-events';

/**
 * The bus, the publisher's grant, a signed subscriber (rule → queue → delivery function, its secrets readable by that
 * function only), an API-destination subscriber with its connection and rule, and cdk-nag.
 */

let template: Template;
let nagFindings: string[];

beforeAll(() => {
  // Prepare
  const app = new App();
  const stack = new Stack(app, 'CaseEventsTest');
  const inline = lambda.Code.fromInline('export const handler = async () => {}');
  const fn = new lambda.Function(stack, 'Publisher', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: inline });
  const deliverer = new lambda.Function(stack, 'Deliverer', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: inline, timeout: Duration.seconds(15) });
  // Act
  const events = new CaseEvents(stack, 'CaseEvents', {
    subscribers: [
      { name: 'Crm', url: 'https://crm.example.com/hooks/redress', rateLimitPerSecond: 5, delivery: 'api-destination' },
      { name: 'Erp', url: 'https://erp.example.com/redress' },
    ],
    deliverer,
  });
  events.allowPublish(fn);
  template = Template.fromStack(stack);
  const report = new AwsSolutionsChecks(app).validateScope(stack.node.findChild('CaseEvents'));
  nagFindings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
});

describe('CaseEvents construct', () => {
  it('a custom bus; the publisher may PutEvents on it and finds it in EVENT_BUS_NAME', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseEventsBus'), 'Arn'] } })]) },
    });
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'redress-cases-CaseEventsTest' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { EVENT_BUS_NAME: 'redress-cases-CaseEventsTest' } } });
  });

  it('the subscriber: an API-key connection (the generated secret), a rate-limited POST destination', () => {
    template.hasResourceProperties('AWS::Events::Connection', { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: Match.objectLike({ ApiKeyName: 'Redress-Webhook-Key' }) } });
    template.hasResourceProperties('AWS::Events::ApiDestination', { HttpMethod: 'POST', InvocationEndpoint: 'https://crm.example.com/hooks/redress', InvocationRateLimitPerSecond: 5 });
  });

  it('a rule on the bus for every case event, posting the detail with the id and type headers, retried for a day into a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^CaseEventsBus') },
      EventPattern: { source: ['redress.cases'] },
      Targets: [
        Match.objectLike({
          InputPath: '$.detail',
          HttpParameters: { HeaderParameters: { 'Redress-Event-Id': '$.detail.id', 'Redress-Event-Type': '$.detail-type' } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('a signed subscriber: its rule puts { subscriber, detailType, detail } on the queue, retried for a day into the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^CaseEventsBus') },
      EventPattern: { source: ['redress.cases'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseEventsSignedDeliveries'), 'Arn'] },
          InputTransformer: { InputPathsMap: { 'detail-type': '$.detail-type', detail: '$.detail' }, InputTemplate: '{"subscriber":"Erp","detailType":<detail-type>,"detail":<detail>}' },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('the queue hands an undelivered message back every 15 minutes, 96 times (24 h), then to the dead-letter queue; the function reads it with partial batch responses', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 900,
      MessageRetentionPeriod: 172_800,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseEventsWebhookDeadLetters'), 'Arn'] }, maxReceiveCount: 96 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseEventsSignedDeliveries'), 'Arn'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^Deliverer') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('the signing secret and the key are readable by the delivery function only, which finds them in WEBHOOK_SUBSCRIBERS', () => {
    const readers = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, p]) =>
      JSON.stringify(p).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers).toHaveLength(1);
    const statements = JSON.stringify(readers[0]![1]);
    expect(statements).toContain('CaseEventsErpSigningSecret');
    expect(statements).toContain('CaseEventsErpKey');
    expect(readers[0]![1].Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^DelivererServiceRole/) }]);
    const env = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { WEBHOOK_SUBSCRIBERS: Match.anyValue() } } } });
    const rendered = JSON.stringify(Object.values(env)[0]!.Properties.Environment.Variables.WEBHOOK_SUBSCRIBERS);
    for (const part of ['Erp', 'https://erp.example.com/redress', 'keySecretArn', 'signingSecretArn', 'CaseEventsErpSigningSecret']) expect(rendered).toContain(part);
    expect(rendered).not.toContain('crm.example.com');
  });

  it('leaves no cdk-nag AwsSolutions finding', () => {
    expect(nagFindings).toEqual([]);
  });
});
