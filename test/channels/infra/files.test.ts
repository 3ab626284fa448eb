import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { Files } from '../../../infra/constructs/files';

function standIn(stack: Stack, id: string): lambda.Function {
  const fn = new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => {}') });
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'test stand-in function' },
    { id: 'AwsSolutions-L1', reason: 'test stand-in function' },
  );
  return fn;
}

function synth(bound = true) {
  const app = new App();
  const stack = new Stack(app, 'FilesTest', bound ? { env: { account: '123456789012', region: 'eu-west-1' } } : {});
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
  Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'the test stand-in of the stack access-log bucket' });
  const files = new Files(stack, 'Files', { retain: true, accessLogsBucket: logs, allowedOrigins: ['https://complaints.example.com'] });
  const presign = standIn(stack, 'Presign');
  const promote = standIn(stack, 'Promote');
  const read = standIn(stack, 'Read');
  files.allowPresigningUploads(presign);
  files.allowPromoting(promote);
  files.allowReading(read);
  files.allowErasing(standIn(stack, 'Erase'));
  return { template: Template.fromStack(stack), nag: new AwsSolutionsChecks(app).validateScope(app) };
}

describe('Files construct', () => {
  const { template, nag } = synth();

  it('a private, versioned bucket under a rotating customer-managed key, TLS only, access-logged, retained', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true })] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'files/' }),
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('uploads expire after a day whatever happens; browsers may POST from the hosted origins only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' })]) },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['https://complaints.example.com'] })] },
    });
  });

  it('no download of a case file the malware scan has not tagged clean, whoever asks', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyUnscannedDownloads',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Condition: { StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' } },
          }),
        ]),
      },
    });
  });

  it('GuardDuty Malware Protection scans uploads/ and tags each object', () => {
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: Match.anyValue(), ObjectPrefixes: ['uploads/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } })] },
    });
  });

  it('each function gets only its part: sign uploads, promote scanned ones, read case files', () => {
    const statementsFor = (actions: unknown, prefix: string) =>
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: actions, Resource: { 'Fn::Join': ['', [Match.anyValue(), `/${prefix}*`]] } })]) },
      });
    statementsFor('s3:PutObject', 'uploads/');
    statementsFor(['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject'], 'uploads/');
    statementsFor(['s3:PutObject', 's3:PutObjectTagging'], 'cases/');
    statementsFor('s3:GetObject', 'cases/');
    template.allResourcesProperties('AWS::Lambda::Function', { Environment: { Variables: { FILES_BUCKET: Match.anyValue(), FILES_KMS_KEY_ID: Match.anyValue() } } });
  });

  it('erasure deletes every version under uploads/ and cases/, lists versions only there, and reads nothing', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes('EraseServiceRole'));
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown; Condition?: unknown }[];
    expect(statements).toEqual([
      expect.objectContaining({ Action: 's3:ListBucketVersions', Resource: expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/^FilesBucket/), 'Arn'] }), Condition: { StringLike: { 's3:prefix': ['uploads/*', 'cases/*'] } } }),
      expect.objectContaining({
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: [{ 'Fn::Join': ['', [expect.anything(), '/uploads/*']] }, { 'Fn::Join': ['', [expect.anything(), '/cases/*']] }],
      }),
    ]);
    const actions = JSON.stringify(statements.map((st) => st.Action));
    for (const absent of ['s3:GetObject', 'kms:', 's3:PutObject']) expect(actions).not.toContain(absent);
  });

  it('cdk-nag AwsSolutions leaves no unacknowledged finding, in an environment-bound and an environment-agnostic stack', () => {
    expect(nag.violations).toEqual([]);
    expect(synth(false).nag.violations).toEqual([]);
  });
});
