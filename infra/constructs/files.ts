import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface FilesProps {
  /** Keep the bucket and key (and refuse deletes) outside throwaway stages. */
  readonly retain: boolean;
  readonly accessLogsBucket: s3.IBucket;
  /** Origins whose pages post uploads straight to the bucket (the hosted form and case page). */
  readonly allowedOrigins: readonly string[];
}

/** The tag GuardDuty Malware Protection for S3 writes on every object it scanned, and the verdict files need. */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';
export const SCAN_CLEAN = 'NO_THREATS_FOUND';

/**
 * Case files (customers' and staff's attachments): one private bucket encrypted with a customer-managed KMS key.
 *   - `uploads/<case>/<upload>`: where presigned POSTs land; scanned by GuardDuty Malware Protection for S3, read only
 *     by the function that checks the content and promotes clean files; expired after a day whatever happens.
 *   - `cases/<case>/files/<upload>`: promoted files; a bucket policy refuses every GetObject of an object not tagged
 *     clean by the scan, so a file is never downloadable before the scan said so, whoever signed the link.
 * Nothing here is public; downloads are short-lived presigned GETs made for those who may read the case.
 */
export class Files extends Construct {
  static readonly UPLOADS = 'uploads/';
  static readonly CASES = 'cases/';
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly malwareProtection: guardduty.CfnMalwareProtectionPlan;

  constructor(scope: Construct, id: string, props: FilesProps) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Redress case files', removalPolicy });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'files/',
      cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: [...props.allowedOrigins], allowedHeaders: ['*'], maxAge: 3000 }],
      lifecycleRules: [
        { id: 'expire-unpromoted-uploads', prefix: Files.UPLOADS, expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUnscannedDownloads',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects(`${Files.CASES}*`)],
        conditions: { StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_STATUS_TAG}`]: SCAN_CLEAN } },
      }),
    );
    this.malwareProtection = this.protectUploads();
  }

  /** GuardDuty Malware Protection for S3 on `uploads/`, tagging each object with its verdict. */
  private protectUploads(): guardduty.CfnMalwareProtectionPlan {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'MalwareProtectionRole', { assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DescribeRule'],
        resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*' })],
        conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:ListBucket'], resources: [this.bucket.bucketArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'],
        resources: [this.bucket.arnForObjects(`${Files.UPLOADS}*`)],
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('malware-protection-resource-validation-object')] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringLike: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
    this.acknowledgePrefixes(role, [Files.UPLOADS], 'GuardDuty scans every object under uploads/ and tags it; names are chosen per upload.');
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:${literalOr(stack.region, '<AWS::Region>')}:${literalOr(stack.account, '<AWS::AccountId>')}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]`,
      reason: 'The EventBridge rule name GuardDuty manages itself, as its documentation prescribes.',
    });
    return new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [Files.UPLOADS] } },
      actions: { tagging: { status: 'ENABLED' } },
    });
  }

  /**
   * Functions that put files under uploads/: the ones that hand out upload forms (signing the POST needs PutObject and
   * the key) and the inbound-email function (it puts an email's attachments there itself).
   */
  allowPresigningUploads(fn: LambdaFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${Files.UPLOADS}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: [this.key.keyArn] }));
    this.nameTo(fn);
    this.acknowledgePrefixes(fn.role, [Files.UPLOADS], 'Writes or signs uploads to uploads/<case>/<upload>; the upload id is made per request or per attachment.');
  }

  /** The function that checks scanned uploads (content sniffing) and moves clean ones under cases/. */
  allowPromoting(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject'], resources: [this.bucket.arnForObjects(`${Files.UPLOADS}*`)] }),
    );
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:PutObjectTagging'], resources: [this.bucket.arnForObjects(`${Files.CASES}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'], resources: [this.key.keyArn] }));
    this.nameTo(fn);
    this.acknowledgePrefixes(fn.role, [Files.UPLOADS, Files.CASES], 'Moves each scanned upload from uploads/ to cases/<case>/files/; names are per upload.');
  }

  /** Functions that store a file they made for a case (a chargeback's evidence pack) under cases/, tagged clean. */
  allowStoringGenerated(fn: LambdaFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:PutObjectTagging'], resources: [this.bucket.arnForObjects(`${Files.CASES}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: [this.key.keyArn] }));
    this.nameTo(fn);
    this.acknowledgePrefixes(fn.role, [Files.CASES], 'Writes cases/<case>/files/evidence-<chargeback>-<instant>.pdf; the name is made per build.');
  }

  /** Functions that hand out short-lived download links for case files. */
  allowReading(fn: LambdaFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${Files.CASES}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.key.keyArn] }));
    this.nameTo(fn);
    this.acknowledgePrefixes(fn.role, [Files.CASES], 'Signs downloads of cases/<case>/files/<upload>; the bucket policy still refuses unscanned objects.');
  }

  /** Functions that list a case's uploads and files (ListBucket, only under uploads/ and cases/). */
  allowListing(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${Files.UPLOADS}*`, `${Files.CASES}*`] } },
      }),
    );
    this.nameTo(fn);
  }

  /**
   * Erasure: deletes every version of a case's objects under uploads/ and cases/ (ListBucketVersions only under
   * those prefixes, DeleteObject and DeleteObjectVersion on them). No KMS: deleting needs no key, and these functions
   * never read a file.
   */
  allowErasing(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucketVersions'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${Files.UPLOADS}*`, `${Files.CASES}*`] } },
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: [this.bucket.arnForObjects(`${Files.UPLOADS}*`), this.bucket.arnForObjects(`${Files.CASES}*`)] }),
    );
    this.nameTo(fn);
    this.acknowledgePrefixes(fn.role, [Files.UPLOADS, Files.CASES], "Erasure deletes every object of the erased case under uploads/<case>/ and cases/<case>/; the case ids are the erased customer's.");
  }

  private nameTo(fn: LambdaFunction): void {
    fn.addEnvironment('FILES_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('FILES_KMS_KEY_ID', this.key.keyArn);
  }

  private acknowledgePrefixes(role: iam.IRole | undefined, prefixes: readonly string[], reason: string): void {
    if (!role) return;
    const bucketId: string = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId);
    for (const prefix of prefixes) Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`, reason });
  }
}

/** How cdk-nag prints a region or account: the literal of an environment-bound stack, else the pseudo parameter. */
const literalOr = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? pseudo : value);
