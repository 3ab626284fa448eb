import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_PATH_PATTERNS } from '../../infra/constructs/web-hosting';
import { synthesize } from './synthesized';

// Staff sign-in on AWS: the managed login, the console's app client and the outputs a person needs after deploying.
const { template, nag } = synthesize();
const assert = Template.fromJSON(template);

const clientId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')![0];
const distributionId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::CloudFront::Distribution')![0];
const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/console/index.html']] };

describe('staff sign-in on AWS', () => {
  it('has a managed login domain on the staff pool, with a branding style for the console client', () => {
    assert.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2, Domain: Match.anyValue() });
    assert.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: { Ref: clientId }, UseCognitoProvidedValues: true });
  });

  it('the console client: public (no secret), authorization code grant only, OpenID scopes, callbacks only on the site', () => {
    const client = template.Resources[clientId]!.Properties!;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect([...(client.AllowedOAuthScopes as string[])].sort()).toEqual(['email', 'openid', 'profile']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.CallbackURLs).toEqual([consoleUrl]);
    expect(client.LogoutURLs).toEqual([consoleUrl]);
    expect(client.EnableTokenRevocation).toBe(true);
  });

  it('CloudFront sends the staff API to the HTTP API, so the console calls its own origin', () => {
    expect(API_PATH_PATTERNS).toContain('/staff/*');
  });

  it("publishes the console's sign-in settings (domain, client id, redirect) beside it", () => {
    const deployment = Object.values(template.Resources).find((r) => r.Type === 'Custom::CDKBucketDeployment')!;
    const markers = JSON.stringify(deployment.Properties?.SourceMarkers ?? deployment.Properties);
    expect(deployment.Properties?.SourceObjectKeys).toHaveLength(2); // web/ and console/config.json
    expect(markers).toContain(clientId);
    expect(markers).toContain('ManagedLogin');
  });

  it('outputs the site, console and API URLs, the user pool and client ids and the sign-in domain', () => {
    const outputs = (template.Outputs ?? {}) as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(['ApiUrl', 'ConsoleUrl', 'SignInDomain', 'SiteUrl', 'TableName', 'UserPoolClientId', 'UserPoolId']);
    expect(outputs.UserPoolClientId!.Value).toEqual({ Ref: clientId });
    expect(outputs.ConsoleUrl!.Value).toEqual(consoleUrl);
  });

  it('cdk-nag stays clean', () => {
    expect(nag.violations).toEqual([]);
  });
});
