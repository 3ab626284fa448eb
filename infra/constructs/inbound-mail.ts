import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';

export interface InboundMailProps {
  /** Addresses or domains SES receives for: the intake address (`help@example.com`) and the reply domain. */
  readonly recipients: readonly string[];
  /** Domain of the case reply addresses (`case+<id>.<tag>@<replyDomain>`); needs an MX record to SES inbound. */
  readonly replyDomain: string;
  /** Keep the raw mail bucket (and refuse deletes) outside throwaway stages. */
  readonly retain: boolean;
  /** Server access logs go here (the stack's access-log bucket). */
  readonly accessLogsBucket: s3.IBucket;
  /** How long raw messages are kept once the core has taken what it needs; default 365 days. */
  readonly rawMailRetention?: Duration;
}

/**
 * Email receiving: an SES receipt rule set whose one rule, for our recipients, scans for spam and viruses, requires
 * TLS, stores the raw message in a private bucket (`inbound/<SES message id>`) and then invokes the inbound
 * handler asynchronously. Plus the secret that signs case reply addresses, read by the inbound handler and by
 * whatever sends mail with a Reply-To.
 *
 * Not done by CloudFormation (one-time, per account and region): activating the rule set
 * (`aws ses set-active-receipt-rule-set --rule-set-name <ruleSetName>`), and the MX records of the receiving
 * domains pointing at `inbound-smtp.<region>.amazonaws.com`.
 */
export class InboundMail extends Construct {
  static readonly KEY_PREFIX = 'inbound/';
  /** Which raw message became which case: `cases/<case id>/<raw key>`, empty objects (functions/channels/email/s3-raw-mail.ts). */
  static readonly CASES_PREFIX = 'cases/';
  readonly bucket: s3.Bucket;
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly signingSecret: secretsmanager.Secret;
  private socialSecret?: secretsmanager.Secret;
  private pageTokenSecret?: secretsmanager.Secret;
  readonly replyDomain: string;
  private readonly recipients: string[];

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    this.replyDomain = props.replyDomain.toLowerCase();
    this.recipients = [...props.recipients];
    this.bucket = new s3.Bucket(this, 'RawMail', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'inbound-mail/',
      lifecycleRules: [
        { id: 'expire-raw-mail', prefix: InboundMail.KEY_PREFIX, expiration: props.rawMailRetention ?? Duration.days(365) },
        // A record of which case a message became is of no use once the message has expired (it is written after it).
        { id: 'expire-case-records', prefix: InboundMail.CASES_PREFIX, expiration: props.rawMailRetention ?? Duration.days(365) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet');
    this.signingSecret = new secretsmanager.Secret(this, 'ReplySigningSecret', {
      description: 'Signs case reply addresses (case+<id>.<tag>@reply domain). Comma-separated, newest first.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand on purpose: mail already sent carries the old tag, so a rotation puts the new secret first and keeps the old one listed until its mail is no longer answered; an automatic single-value rotation would orphan every open conversation.',
    });
  }

  /**
   * Makes `fn` the inbound handler: the rule (S3 then Lambda action), read access to the stored messages, the
   * signing secret, and the variables naming them (`INBOUND_MAIL_BUCKET`, `INBOUND_MAIL_PREFIX`, `REPLY_DOMAIN`,
   * `REPLY_SIGNING_SECRET_ARN`). `OWN_ADDRESSES` is the caller's (it knows the sender and supervisor addresses).
   */
  receiveWith(fn: LambdaFunction): ses.ReceiptRule {
    const rule = this.ruleSet.addRule('StoreThenHandle', {
      recipients: this.recipients,
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new actions.S3({ bucket: this.bucket, objectKeyPrefix: InboundMail.KEY_PREFIX }),
        new actions.Lambda({ function: fn, invocationType: actions.LambdaInvocationType.EVENT }),
      ],
    });
    // GetObject only, on the prefix SES writes: the handler never lists, overwrites or deletes mail. It records which
    // case a message became under cases/ (PutObject there only), for erasure.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${InboundMail.KEY_PREFIX}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${InboundMail.CASES_PREFIX}*`)] }));
    fn.addEnvironment('INBOUND_MAIL_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('INBOUND_MAIL_PREFIX', InboundMail.KEY_PREFIX);
    this.allowSigning(fn);
    if (fn.role) {
      const bucketId: string = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId);
      Validations.of(fn.role).acknowledge(
        {
          id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${InboundMail.KEY_PREFIX}*]`,
          reason: 'GetObject on the inbound/ prefix only, where SES writes one object per message id; the names are not known in advance.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${InboundMail.CASES_PREFIX}*]`,
          reason: 'PutObject on the cases/ prefix only: one empty object per case and message id recording which case a message became, for erasure.',
        },
      );
    }
    return rule;
  }

  /**
   * For the erasing functions (the admin's, the customer's own, retention's expiry): list a case's records under
   * cases/ (ListBucket only under that prefix) and delete the raw messages they name and the records (DeleteObject
   * on inbound/ and cases/; the bucket is not versioned), and `RAW_MAIL_BUCKET` naming the bucket. Never a read.
   */
  allowErasing(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${InboundMail.CASES_PREFIX}*`] } } }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [this.bucket.arnForObjects(`${InboundMail.KEY_PREFIX}*`), this.bucket.arnForObjects(`${InboundMail.CASES_PREFIX}*`)] }),
    );
    fn.addEnvironment('RAW_MAIL_BUCKET', this.bucket.bucketName);
    if (fn.role) {
      const bucketId: string = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId);
      const reason = "Erasure deletes the raw messages recorded for the erased case (inbound/<message id>) and the records (cases/<case>/); the ids are the erased customer's.";
      for (const prefix of [InboundMail.KEY_PREFIX, InboundMail.CASES_PREFIX]) Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`, reason });
    }
  }

  /** For any function that writes Reply-To addresses or verifies them: the secret and the reply domain. */
  allowSigning(fn: LambdaFunction): void {
    this.signingSecret.grantRead(fn);
    fn.addEnvironment('REPLY_SIGNING_SECRET_ARN', this.signingSecret.secretArn);
    fn.addEnvironment('REPLY_DOMAIN', this.replyDomain);
  }

  /**
   * For the social messaging webhook: a secret holding `{"verifyToken","appSecret"}` (fill in the app's values after
   * deploying; the generated placeholder refuses every delivery until then) and `SOCIAL_WEBHOOK_SECRET_ARN`.
   */
  allowSocialWebhook(fn: LambdaFunction): void {
    this.socialSecret ??= new secretsmanager.Secret(this, 'SocialWebhookSecret', {
      description: 'Meta messaging webhook: {"verifyToken":"…","appSecret":"…"} of the app subscribed to the page.',
      generateSecretString: { secretStringTemplate: JSON.stringify({ verifyToken: 'set-me-after-deploying' }), generateStringKey: 'appSecret', passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.socialSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'The app secret is issued by the platform (Meta app dashboard) and rotated there; a Lambda rotation cannot change it.' });
    this.socialSecret.grantRead(fn);
    fn.addEnvironment('SOCIAL_WEBHOOK_SECRET_ARN', this.socialSecret.secretArn);
  }

  /**
   * For the functions that send to customers (their mail to a DM customer goes back through the platform's Send
   * API, `channels/social/dm-mailer.ts`): the page access token in a secret of its own (put the token Meta issues
   * after deploying; until then the platform refuses the sends and the outbox retries them) and the Graph API URL.
   * Only the token: the webhook's app secret stays with the webhook.
   */
  allowSendingDirectMessages(fn: LambdaFunction, graphApiUrl = InboundMail.GRAPH_API_URL): void {
    this.pageTokenSecret ??= new secretsmanager.Secret(this, 'SocialPageAccessToken', {
      description: "Meta page access token the Send API answers direct messages with (the page's token from the app dashboard).",
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.pageTokenSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'The page access token is issued by the platform (Meta app dashboard) and rotated there; a Lambda rotation cannot change it.' });
    this.pageTokenSecret.grantRead(fn);
    fn.addEnvironment('SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', this.pageTokenSecret.secretArn);
    fn.addEnvironment('SOCIAL_GRAPH_API_URL', graphApiUrl);
  }

  /** The Graph API version the Send API calls go to. */
  static readonly GRAPH_API_URL = 'https://graph.facebook.com/v21.0';
}
