import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { InboundMail } from '../../../infra/constructs/inbound-mail';

/** The construct alone in a stack with a stand-in handler, checked by targeted assertions and cdk-nag. */
function synth() {
  const app = new App();
  const stack = new Stack(app, 'InboundMailTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
  Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'the test stand-in of the stack access-log bucket' });
  const handler = new lambda.Function(stack, 'InboundHandler', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => {}') });
  Validations.of(handler).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'test stand-in function' },
    { id: 'AwsSolutions-L1', reason: 'test stand-in function' },
  );
  const mail = new InboundMail(stack, 'InboundMail', { recipients: ['help@example.com', 'reply.example.com'], replyDomain: 'Reply.Example.com', retain: true, accessLogsBucket: logs });
  mail.receiveWith(handler);
  const eraser = new lambda.Function(stack, 'Eraser', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => {}') });
  Validations.of(eraser).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'test stand-in function' },
    { id: 'AwsSolutions-L1', reason: 'test stand-in function' },
  );
  mail.allowErasing(eraser);
  return { template: Template.fromStack(stack), nag: new AwsSolutionsChecks(app).validateScope(app), stack };
}

describe('InboundMail construct', () => {
  const { template, nag } = synth();

  it('one receipt rule for our recipients: spam/virus scan, TLS required, S3 then Lambda (asynchronous)', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['help@example.com', 'reply.example.com'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: 'inbound/' } },
          { LambdaAction: { FunctionArn: Match.anyValue(), InvocationType: 'Event' } },
        ],
      },
    });
  });

  it('the raw-mail bucket: public access blocked, encrypted, TLS only, access-logged, expiring, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'inbound-mail/' }),
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 365, Status: 'Enabled' }), Match.objectLike({ Prefix: 'cases/', ExpirationInDays: 365, Status: 'Enabled' })]),
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('SES may write to the bucket only for this account, and may invoke the handler', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'ses.amazonaws.com' });
  });

  it('the handler reads only inbound/ and the signing secret, and gets the variables that name them', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [Match.anyValue(), '/inbound/*']] } }),
          Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          INBOUND_MAIL_BUCKET: Match.anyValue(),
          INBOUND_MAIL_PREFIX: 'inbound/',
          REPLY_DOMAIN: 'reply.example.com',
          REPLY_SIGNING_SECRET_ARN: Match.anyValue(),
        },
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false } });
  });

  it('the handler records which case a message became under cases/ only (PutObject), never deleting mail', () => {
    const statements = policyStatementsOf(template, 'InboundHandler');
    expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [expect.anything(), '/cases/*']] } }));
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('s3:DeleteObject');
  });

  it('an erasing function lists cases/ only, deletes on inbound/ and cases/ only, reads nothing, and gets RAW_MAIL_BUCKET', () => {
    const s3Statements = policyStatementsOf(template, 'Eraser').filter((s) => [s.Action].flat().some((a) => String(a).startsWith('s3:')));
    expect(s3Statements).toEqual([
      expect.objectContaining({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['cases/*'] } } }),
      expect.objectContaining({ Action: 's3:DeleteObject', Resource: [{ 'Fn::Join': ['', [expect.anything(), '/inbound/*']] }, { 'Fn::Join': ['', [expect.anything(), '/cases/*']] }] }),
    ]);
    const eraser = Object.values(template.findResources('AWS::Lambda::Function')).find((r) => JSON.stringify(r).includes('RAW_MAIL_BUCKET'));
    expect(eraser?.Properties.Environment.Variables).toEqual({ RAW_MAIL_BUCKET: { Ref: expect.stringMatching(/^InboundMailRawMail/) } });
  });

  it('cdk-nag AwsSolutions leaves no unacknowledged finding', () => {
    expect(nag.violations).toEqual([]);
  });
});

type Statement = { Action: string | string[]; Resource?: unknown; Condition?: unknown };
/** The statements of the policies attached to a function's role (its logical id starts with `fnId`). */
function policyStatementsOf(template: Template, fnId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`${fnId}ServiceRole`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
