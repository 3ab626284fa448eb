import { Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { STAFF_ROUTE_SCOPES } from '../../functions/domain/identity/staff-tokens';
import { handlerNames, handlers, type HandlerName, type HandlerSpec } from '../handlers';

export interface ApiProps {
  readonly functions: Record<HandlerName, IFunction & { addEnvironment(key: string, value: string): unknown }>;
  readonly logRetention: logs.RetentionDays;
  /** Checks staff tokens on the routes marked `auth: 'staff'`. */
  readonly staffAuthorizer: IHttpRouteAuthorizer;
  /** Steady-state requests per second across the API, and the burst above it. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export const HTTP_API_LOGICAL_ID = 'HttpApi';

/**
 * Tighter throttles on the routes an abuser would hammer, per route over the stage's own: public intake, and the
 * step-up routes that mail codes and check guesses (the handlers also limit per address and per client).
 */
export const ROUTE_THROTTLES: Record<string, { rateLimit: number; burstLimit: number }> = {
  'POST /complaints': { rateLimit: 10, burstLimit: 20 },
  'POST /complaints/{id}/step-up': { rateLimit: 2, burstLimit: 5 },
  'POST /complaints/{id}/step-up/verify': { rateLimit: 5, burstLimit: 10 },
  // Requests no route takes (scanners, typos): each one invokes the not-found function, so they get a small share.
  $default: { rateLimit: 5, burstLimit: 10 },
};

/** The variable the `$default` route's function reads the other routes' keys from (functions/api/not-found.ts). */
export const ROUTE_KEYS_VARIABLE = 'API_ROUTE_KEYS';

/**
 * Access log fields: enough to trace a request and its latency, nothing personal (no source
 * IP, no user agent, no query string; paths carry only case ids).
 */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The HTTP API (v2): one route per handler row that has one, each a Lambda proxy integration
 * (payload v2). A single `$default` stage, auto-deployed, throttled, with JSON access logs.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Redress public complaint API',
      createDefaultStage: false,
    });
    (this.httpApi.node.defaultChild as apigw.CfnApi).overrideLogicalId(HTTP_API_LOGICAL_ID);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    // `routeSettings` is untyped JSON in the L1: CloudFormation property names, PascalCase.
    cfnStage.routeSettings = Object.fromEntries(Object.entries(ROUTE_THROTTLES).map(([key, t]) => [key, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }]));

    for (const name of handlerNames) {
      const spec: HandlerSpec = handlers[name];
      if (spec.defaultRoute) this.addDefaultRoute(name, props.functions[name], cfnStage);
      if (!spec.route) continue;
      const routes = this.httpApi.addRoutes({
        path: spec.route.path,
        methods: [apigw.HttpMethod[spec.route.method]],
        integration: new HttpLambdaIntegration(`${name}Integration`, props.functions[name]),
        // The scope keeps Cognito ID tokens out: their `aud` matches the authorizer's audience, but they carry no scope.
        ...(spec.auth === 'staff' ? { authorizer: props.staffAuthorizer, authorizationScopes: STAFF_ROUTE_SCOPES } : {}),
      });
      // A stage's route settings name routes that must exist first.
      for (const route of routes) cfnStage.addResourceDependency(route.node.defaultChild as apigw.CfnRoute);
      if (spec.auth === 'staff') continue;
      for (const route of routes) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public customer route: complaint intake, categories and the OpenAPI document are open by design; GET /complaints/{id} and POST /complaints/{id}/actions check the case access token in the handler (404 otherwise). Staff routes use the Cognito JWT authorizer.',
        });
      }
    }
  }

  /**
   * The `$default` route: what no other route takes goes to `fn`, which answers problem+json 404, or 405 with
   * `Allow` from the other routes' keys (given here, by the owner of the route table).
   */
  private addDefaultRoute(name: string, fn: ApiProps['functions'][HandlerName], cfnStage: apigw.CfnStage): void {
    const routeKeys = Object.values(handlers as Record<string, HandlerSpec>).flatMap((h) => (h.route ? [`${h.route.method} ${h.route.path}`] : []));
    fn.addEnvironment(ROUTE_KEYS_VARIABLE, routeKeys.join(','));
    const route = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration(`${name}Integration`, fn),
    });
    cfnStage.addResourceDependency(route.node.defaultChild as apigw.CfnRoute);
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route only answers "no such route" (problem+json 404, or 405 with Allow): it reads nothing and acts on nothing, so there is nothing to authorize. Its stage route settings throttle it below the public routes.',
    });
  }

  /** The API's hostname, for CloudFront's origin (the endpoint without its https:// scheme). */
  get domainName(): string {
    return Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}
