import { describe, expect, it } from 'vitest';
import { SITE_HSTS_SECONDS, SITE_SECURITY_HEADERS } from '../../infra/constructs/site-headers';
import { actionsOf, statementsOfFunction, synthesize } from './synthesized';

// What issue 9's pages need from the hosting, and what the staff lists need to sign their cursors, in the template.
const { template, nag } = synthesize();

type Distribution = { DistributionConfig: { DefaultCacheBehavior: { ResponseHeadersPolicyId: unknown } } };
type HeadersPolicy = {
  ResponseHeadersPolicyConfig: {
    SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    CustomHeadersConfig: { Items: { Header: string; Value: string; Override: boolean }[] };
  };
};

describe('CloudFront: the site pages', () => {
  it('answers every page with the site security headers: no referrer, no framing, own scripts only, HTTPS remembered', () => {
    const [id, policy] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy')!;
    const distribution = Object.values(template.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties as unknown as Distribution;
    const config = (policy.Properties as unknown as HeadersPolicy).ResponseHeadersPolicyConfig;

    expect(distribution.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: id });
    expect(config.SecurityHeadersConfig).toEqual({
      ContentSecurityPolicy: { ContentSecurityPolicy: SITE_SECURITY_HEADERS['content-security-policy'], Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: SITE_HSTS_SECONDS, IncludeSubdomains: true, Override: true },
    });
    expect(Object.fromEntries(config.CustomHeadersConfig.Items.map((i) => [i.Header.toLowerCase(), i.Value]))).toEqual({
      'permissions-policy': SITE_SECURITY_HEADERS['permissions-policy'],
      'cross-origin-opener-policy': SITE_SECURITY_HEADERS['cross-origin-opener-policy'],
    });
  });

  it('stays cdk-nag clean', () => {
    expect(nag.violations).toEqual([]);
  });
});

describe('the staff lists sign their page cursors', () => {
  it.each(['StaffQueueFunction', 'StaffAttentionFunction'])('%s may read the signing secret it is told about', (id) => {
    const fn = template.Resources[id]!.Properties as { Environment: { Variables: Record<string, unknown> } };
    const secretArn = fn.Environment.Variables.REPLY_SIGNING_SECRET_ARN;

    expect(secretArn).toBeDefined();
    const reads = statementsOfFunction(template, id).filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'));
    expect(reads.map((s) => s.Resource)).toContainEqual(secretArn);
  });
});
