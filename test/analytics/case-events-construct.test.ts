import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseEvents } from '../../infra/constructs/case-events';

/** The bus, one subscriber's API destination with its connection and rule, the publisher's grant, and cdk-nag. */

let template: Template;
let nagFindings: string[];

beforeAll(() => {
  // Prepare
  const app = new App();
  const stack = new Stack(app, 'CaseEventsTest');
  const fn = new lambda.Function(stack, 'Publisher', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => {}') });
  // Act
  const events = new CaseEvents(stack, 'CaseEvents', { subscribers: [{ name: 'Crm', url: 'https://crm.example.com/hooks/redress', rateLimitPerSecond: 5 }] });
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

  it('leaves no cdk-nag AwsSolutions finding', () => {
    expect(nagFindings).toEqual([]);
  });
});
