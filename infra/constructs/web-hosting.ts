import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { fromRepo } from '../paths';
import { SITE_HSTS_SECONDS, SITE_SECURITY_HEADERS } from './site-headers';

export interface WebHostingProps {
  /** The HTTP API's hostname; CloudFront forwards the API paths there. */
  readonly apiDomainName: string;
  /** Repo-relative folder holding the static site. */
  readonly siteDir?: string;
}

/**
 * Paths CloudFront sends to the HTTP API, so the form calls the API on its own origin (no CORS). Every route of
 * infra/handlers.ts must fall under one (test/infra/stack.test.ts): a route outside them would reach the site's
 * bucket on the site's address and answer S3's XML 403, never the handler.
 */
export const API_PATH_PATTERNS = ['/complaints*', '/categories', '/openapi.json', '/staff/*', '/incidents/*', '/webhooks/*'] as const;

/**
 * The hosted form: a private S3 bucket read by CloudFront through Origin Access Control, with
 * the API paths routed to the HTTP API (uncached, every viewer header but Host forwarded, so
 * `Authorization: Bearer` reaches the handler). Access logs of both land in a log bucket.
 */
export class WebHosting extends Construct {
  readonly siteBucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly deployment: s3deploy.BucketDeployment;
  /** The site's security headers (./site-headers.ts) on every page and asset. */
  readonly siteHeaders: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    this.siteBucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-site/',
    });

    const api = new HttpOrigin(props.apiDomainName, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    const h = SITE_SECURITY_HEADERS;
    this.siteHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SiteHeaders', {
      comment: 'Redress site pages: no referrer, no framing, own scripts only',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: h['content-security-policy'], override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(SITE_HSTS_SECONDS), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: h['permissions-policy'], override: true },
          { header: 'Cross-Origin-Opener-Policy', value: h['cross-origin-opener-policy'], override: true },
        ],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Redress hosted complaint form and public API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.siteHeaders,
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'No custom domain yet: the default *.cloudfront.net certificate fixes the minimum viewer TLS policy. Set a certificate with TLSv1.2_2021 when a domain is added.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Customers may complain from any country; no geo restriction by policy.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL at this size (fixed monthly cost); the API stage is throttled and intake is idempotent. Revisit when traffic warrants it.',
    });

    this.deployment = new s3deploy.BucketDeployment(this, 'DeploySite', {
      sources: [s3deploy.Source.asset(fromRepo(props.siteDir ?? 'web'))],
      destinationBucket: this.siteBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    this.acknowledgeDeploymentHandler();
  }

  /**
   * BucketDeployment's upload handler is a CDK-provided singleton created at stack level; its
   * role, policy and runtime are CDK's choice, not ours.
   */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handlers = stack.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const handler of handlers) {
      const v = Validations.of(handler);
      v.acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK BucketDeployment handler: the basic execution managed policy only lets it write its own logs.',
      });
      const siteBucketId: string = stack.resolve((this.siteBucket.node.defaultChild as s3.CfnBucket).logicalId);
      const copyActions = ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'];
      for (const action of copyActions) {
        v.acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `CDK BucketDeployment handler: ${action} is CDK's grant for copying the site from the asset bucket into the site bucket.`,
        });
      }
      v.acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        reason: "CDK BucketDeployment handler: reads the zipped site from the CDK bootstrap asset bucket's objects.",
      });
      v.acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${siteBucketId}.Arn>/*]`,
        reason: "CDK BucketDeployment handler: writes and prunes objects of this stack's site bucket only.",
      });
      v.acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK BucketDeployment handler: cloudfront:CreateInvalidation/GetInvalidation after upload; CDK grants them without resource scoping.',
      });
      v.acknowledge({
        id: 'AwsSolutions-L1',
        reason: "CDK BucketDeployment handler: its runtime (Python, with the AWS CLI layer) is pinned by aws-cdk-lib and moves with it.",
      });
    }
  }

  get baseUrl(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * The staff console's sign-in settings as `console/config.json` (deploy-time values: the Cognito domain and the
   * client id). Its presence is what switches the console from the local identity to the managed login.
   */
  publishConsoleConfig(config: object): void {
    this.deployment.addSource(s3deploy.Source.jsonData('console/config.json', config));
  }

  /** PUBLIC_BASE_URL: where links in emails and responses point (the form's own origin). */
  publishBaseUrl(fn: LambdaFunction): void {
    fn.addEnvironment('PUBLIC_BASE_URL', this.baseUrl);
  }
}
