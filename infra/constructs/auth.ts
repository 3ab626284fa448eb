import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CONSOLE_SCOPES } from '../../functions/domain/identity/staff-tokens';
import { StaffRoleSchema } from '../../functions/domain/lifecycle/model';

export interface AuthProps {
  readonly retain: boolean;
}

/**
 * Staff roles, as Cognito groups; they reach the handlers in the `cognito:groups` claim (docs/contracts.md). The
 * domain's list, so a role the handlers know (`admin`, for privacy operations and the audit log) has its group.
 */
export const STAFF_GROUPS = StaffRoleSchema.options;

/**
 * The staff console's address on the site. The file itself, not the folder: CloudFront reads the bucket through its
 * REST endpoint, which serves no index document for a folder (only the site root has a default object).
 */
export const CONSOLE_PATH = '/console/index.html';

/** The console's sign-in settings, published next to it as `console/config.json` (see web/console/js/app.js). */
export interface ConsoleSignInConfig {
  authDomain: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
  scopes: string;
}

/** What can host the console: a base URL and a way to publish the console's sign-in settings beside it. */
export interface ConsoleHost {
  readonly baseUrl: string;
  publishConsoleConfig(config: ConsoleSignInConfig): void;
}

/**
 * Staff identity: a Cognito user pool (no self sign-up: staff are invited), MFA required (TOTP), a strong password
 * policy, the Plus feature plan with threat protection enforced, one group per staff role, a managed login domain,
 * and an app client for the staff console: a public client (no secret: it runs in the browser) using the
 * authorization code grant with PKCE, short-lived tokens. The HTTP API checks staff access tokens with a JWT
 * authorizer on this pool's issuer and the client's id, and every staff route requires a scope, which ID tokens never
 * carry (functions/domain/identity/staff-tokens.ts). Customers never sign in: they hold their case's access token.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'StaffPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: this.userPool.userPoolId, groupName: group });
    }
    // Managed login (the newer hosted pages) on a Cognito domain; the prefix must be unique in the region, so it
    // carries the stack name and the account.
    this.domain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: Fn.join('-', [Stack.of(this).stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-'), Aws.ACCOUNT_ID]) },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.client = this.userPool.addClient('StaffConsole', {
      generateSecret: false,
      // SRP stays for scripted sign-in (the AWS CLI, tests against a deployment); people use the managed login.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        // The console's scopes, the same list its config.json asks for: every access token it gets carries `openid`.
        scopes: CONSOLE_SCOPES.map((s) => cognito.OAuthScope.custom(s)),
        // Replaced by connectConsole() with the site's own address once the site exists.
        callbackUrls: [`https://localhost${CONSOLE_PATH}`],
        logoutUrls: [`https://localhost${CONSOLE_PATH}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.authorizer = new HttpJwtAuthorizer('StaffJwt', `https://cognito-idp.${this.userPool.stack.region}.amazonaws.com/${this.userPool.userPoolId}`, {
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    // The managed login pages need a style; Cognito's own look until the policy's branding is wired here.
    new cognito.CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /** The managed login's base URL, e.g. https://redress-prod-123456789012.auth.eu-west-1.amazoncognito.com. */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }

  /**
   * Lets the console on `host` sign staff in: the site's console address becomes the client's only callback and
   * logout URL (Cognito redirects nowhere else), and the console learns the domain and client id from a
   * `config.json` deployed beside it. The site depends on the API, whose authorizer depends on this client, so the
   * addresses are set here, after the site exists, rather than when the client is made.
   */
  /**
   * Lets a function look staff up in the pool (functions/adapters/cognito-staff-directory.ts: by `sub`, then the
   * groups): the two read actions on this pool only, and `USER_POOL_ID`, together.
   */
  allowStaffDirectory(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.userPool.grant(fn, 'cognito-idp:ListUsers', 'cognito-idp:AdminListGroupsForUser');
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
  }

  connectConsole(host: ConsoleHost): void {
    const consoleUrl = `${host.baseUrl}${CONSOLE_PATH}`;
    const cfn = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    cfn.callbackUrLs = [consoleUrl];
    cfn.logoutUrLs = [consoleUrl];
    host.publishConsoleConfig({ authDomain: this.signInUrl, clientId: this.client.userPoolClientId, redirectUri: consoleUrl, logoutUri: consoleUrl, scopes: CONSOLE_SCOPES.join(' ') });
  }
}
