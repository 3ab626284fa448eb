import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functionLogicalId } from '../../../infra/handlers';
import { actionsOf, statementsOfFunction, synthesize } from '../../infra/synthesized';

/** The channels attached to the whole stack: the receipt rule invokes the inbound handler, the files bucket exists, cdk-nag stays clean. */
describe('RedressStack with channels', () => {
  const { template, nag } = synthesize();
  const assert = Template.fromJSON(template);
  const inbound = functionLogicalId('inboundEmail');

  it('the SES receipt rule stores the raw message then invokes the inbound-email function asynchronously', () => {
    assert.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['complaints@example.com', 'reply.example.com'],
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [inbound, 'Arn'] }, InvocationType: 'Event' } },
        ],
      }),
    });
  });

  it('the inbound-email function gets the table, the raw mail, the signing secret and its routing variables', () => {
    const env = template.Resources[inbound]!.Properties?.Environment as { Variables: Record<string, unknown> };
    expect(Object.keys(env.Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'INBOUND_MAIL_BUCKET', 'INBOUND_MAIL_PREFIX', 'REPLY_DOMAIN', 'REPLY_SIGNING_SECRET_ARN', 'OWN_ADDRESSES', 'SENDER_ADDRESS']));
    expect(env.Variables.OWN_ADDRESSES).toBe('complaints@example.com,supervisors@example.com');
    const actions = actionsOf(statementsOfFunction(template, inbound));
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 'secretsmanager:GetSecretValue', 'states:SendTaskSuccess', 'ses:SendEmail']));
  });

  it('every function that mails a customer can sign the threading Reply-To', () => {
    for (const name of ['acknowledge', 'applyDueClocks', 'staffAction', 'customerAction', 'reconcileWorkflows'] as const) {
      const env = template.Resources[functionLogicalId(name)]!.Properties?.Environment as { Variables: Record<string, unknown> };
      expect(env.Variables.REPLY_DOMAIN, name).toBe('reply.example.com');
      expect(env.Variables.REPLY_SIGNING_SECRET_ARN, name).toBeDefined();
    }
  });

  it('DM credentials live in Secrets Manager: the webhook secret is read by the two webhook functions only, the page access token by the senders only', () => {
    // Prepare: which functions may read which secret (GetSecretValue on its Ref)
    const secretId = (description: RegExp) => Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::SecretsManager::Secret' && description.test(String(r.Properties?.Description)))![0];
    const readers = (id: string) =>
      Object.keys(template.Resources)
        .filter((k) => template.Resources[k]!.Type === 'AWS::Lambda::Function' && template.Resources[k]!.Properties?.Role)
        .filter((k) => statementsOfFunction(template, k).some((st) => actionsOf([st]).includes('secretsmanager:GetSecretValue') && [st.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify({ Ref: id }))))
        .sort();
    const senders = ['acknowledge', 'applyDueClocks', 'recordFailure', 'staffAction', 'customerAction', 'reconcileWorkflows', 'onCaseChange', 'sendDueOutbox', 'proposeRefund', 'decideRefund', 'decideChargeback', 'paymentWebhook', 'financeTimers', 'inboundEmail', 'socialWebhook'] as const;

    // Act
    const webhookSecret = secretId(/messaging webhook/);
    const pageToken = secretId(/page access token/);

    // Assess
    expect(readers(webhookSecret)).toEqual([functionLogicalId('socialWebhook'), functionLogicalId('socialWebhookHandshake')].sort());
    expect(readers(pageToken)).toEqual(senders.map(functionLogicalId).sort());
    for (const name of senders) {
      const env = template.Resources[functionLogicalId(name)]!.Properties?.Environment as { Variables: Record<string, unknown> };
      expect(env.Variables, name).toMatchObject({ SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN: { Ref: pageToken }, SOCIAL_GRAPH_API_URL: 'https://graph.facebook.com/v21.0' });
      expect(env.Variables.SOCIAL_WEBHOOK_SECRET_ARN, name).toEqual(name === 'socialWebhook' ? { Ref: webhookSecret } : undefined);
    }
  });

  it('the case-files bucket: KMS-encrypted, public access blocked, malware protection on uploads/', () => {
    assert.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', { ProtectedResource: { S3Bucket: Match.objectLike({ ObjectPrefixes: ['uploads/'] }) } });
    assert.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('cdk-nag AwsSolutions finds nothing', () => {
    expect(nag.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
  });
});
