import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OUTBOX_METRICS } from '../../functions/adapters/outbox-metrics';
import { functionLogicalId, handlerNames, type HandlerName } from '../../infra/handlers';
import { asList, statementsOfFunction, synthesize } from './synthesized';

// One synth for the file, with a provider URL of our own so the test sees the context value travel.
const PROVIDER_URL = 'https://api.psp.example.net';
const { template } = synthesize({ paymentProviderUrl: PROVIDER_URL, supervisorAddress: 'cs-leads@shop.example.org' });
const assert = Template.fromJSON(template);

const logicalIdStartingWith = (type: string, prefix: string): string => {
  const ids = Object.entries(template.Resources)
    .filter(([id, r]) => r.Type === type && id.startsWith(prefix))
    .map(([id]) => id);
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0]!;
};

/** The functions whose role may read the given secret (a statement naming it). */
const readersOf = (secretId: string): HandlerName[] =>
  handlerNames.filter((name) =>
    statementsOfFunction(template, functionLogicalId(name)).some(
      (s) => asList(s.Action).includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(`"${secretId}"`),
    ),
  );

const environmentOf = (name: HandlerName) =>
  (template.Resources[functionLogicalId(name)]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;

describe('payment provider on AWS', () => {
  const apiKey = logicalIdStartingWith('AWS::SecretsManager::Secret', 'PaymentsProviderApiKey');
  const webhook = logicalIdStartingWith('AWS::SecretsManager::Secret', 'PaymentsWebhookSecret');

  it('only the functions that ask for refunds may read the API key, and only the webhook its signing secrets', () => {
    expect(readersOf(apiKey).sort()).toEqual(['decideRefund', 'financeTimers', 'paymentWebhook']);
    expect(readersOf(webhook)).toEqual(['paymentWebhook']);
  });

  it('each reader is told where its secret is, and the provider URL comes from the context', () => {
    for (const name of ['decideRefund', 'financeTimers', 'paymentWebhook'] as const) {
      expect(environmentOf(name), name).toMatchObject({ PAYMENT_PROVIDER_URL: PROVIDER_URL, PAYMENT_PROVIDER_API_KEY_SECRET_ARN: { Ref: apiKey } });
    }
    expect(environmentOf('paymentWebhook')).toMatchObject({ PAYMENT_WEBHOOK_SECRET_ARN: { Ref: webhook } });
    // Nothing secret travels in the template: no function gets a key or a webhook secret inline.
    for (const name of handlerNames) {
      expect(Object.keys(environmentOf(name)), name).not.toEqual(expect.arrayContaining(['PAYMENT_PROVIDER_API_KEY']));
      expect(Object.keys(environmentOf(name)), name).not.toEqual(expect.arrayContaining(['PAYMENT_WEBHOOK_SECRETS']));
    }
  });
});

describe('alarms reach the supervisors', () => {
  const topic = logicalIdStartingWith('AWS::SNS::Topic', 'ObservabilitySupervisorAlarms');

  it('one encrypted, TLS-only topic with the supervisors mailbox subscribed; CloudWatch may use its key', () => {
    assert.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    assert.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'cs-leads@shop.example.org', TopicArn: { Ref: topic } });
    assert.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    assert.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']) }),
        ]),
      },
    });
  });

  it('every alarm of the stack notifies the topic', () => {
    const alarms = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    for (const [id, alarm] of alarms) expect(alarm.Properties?.AlarmActions, id).toEqual([{ Ref: topic }]);
    // Every handler's errors are watched, ten handlers to an alarm (a metric-math alarm takes at most ten metrics).
    const errorAlarms = alarms.filter(([, a]) => JSON.stringify(a.Properties).includes('"MetricName":"Errors"'));
    for (const name of handlerNames) {
      const watching = errorAlarms.filter(([, a]) => JSON.stringify(a.Properties).includes(`{"Name":"FunctionName","Value":{"Ref":"${functionLogicalId(name)}"}}`));
      expect(watching.length, name).toBe(1);
    }
    expect(errorAlarms.length).toBe(Math.ceil(handlerNames.length / 10));
  });

  it('each dead-letter queue alarms as soon as a message is visible in it', () => {
    const queues = Object.entries(template.Resources)
      .filter(([id, r]) => r.Type === 'AWS::SQS::Queue' && id.includes('DeadLetters'))
      .map(([id]) => id);
    expect(queues.length).toBe(2); // the change stream's and the integrator webhooks' (the signed deliveries' queue redrives into the latter)
    for (const queue of queues) {
      assert.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('the outbox alarms on any failed send within 15 minutes, on the metric the senders emit', () => {
    assert.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: OUTBOX_METRICS.namespace,
      MetricName: OUTBOX_METRICS.failed,
      Dimensions: Match.arrayWith([
        { Name: 'service', Value: OUTBOX_METRICS.service },
        { Name: 'stage', Value: 'dev' },
      ]),
      Statistic: 'Sum',
      Period: 900,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});
