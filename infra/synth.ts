import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type RedressApp } from './redress-app';
import { fromRepo } from './paths';

/**
 * In-process synthesis of the same app `cdk synth` builds, with asset bundling skipped
 * (no esbuild run), for the local runtime and the tests. Works offline, without credentials.
 */

/** A CloudFormation template as synthesized (intrinsics such as Ref/Fn::GetAtt left in place). */
export interface CfnTemplate {
  Description?: string;
  Resources: Record<string, CfnResourceJson>;
  Outputs?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  [section: string]: unknown;
}

export interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
  [key: string]: unknown;
}

/** Context that makes NodejsFunction skip bundling for every stack. */
export const SKIP_BUNDLING_CONTEXT = { 'aws:cdk:bundling-stacks': [] as string[] };

/** The context `cdk synth` would see: cdk.json's context, then the caller's values, bundling skipped. */
export function appContext(context: Record<string, string> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(fromRepo('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context, ...context, ...SKIP_BUNDLING_CONTEXT };
}

/**
 * Builds the app in-process (bundling skipped) and hands it to `use` before cleaning up the
 * cloud assembly directory. Throws on invalid context or unacknowledged cdk-nag findings.
 */
export function withSynthesizedApp<T>(context: Record<string, string> | undefined, use: (built: RedressApp & { template: CfnTemplate }) => T): T {
  const outdir = mkdtempSync(join(tmpdir(), 'redress-cdk-'));
  try {
    // CDK's built-in CloudFormation schema validation (a WebAssembly linter, ~10 s here) runs
    // on `cdk synth`; in-process callers need the template fast and get cdk-nag either way.
    const built = buildApp({ context: appContext(context), outdir, builtinCloudFormationValidation: false });
    const assembly = built.app.synth();
    const template = assembly.getStackArtifact(built.stack.artifactId).template as CfnTemplate;
    return use({ ...built, template });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The stack's CloudFormation template as a JS object.
 *
 * @param context e.g. `{ policyPreset: 'promptearn', stage: 'dev', senderAddress: 'complaints@example.com' }`
 * @example
 * const template = synthTemplate({ stage: 'local' });
 * const asl = stateMachineDefinition(template);
 */
export function synthTemplate(context?: Record<string, string>): CfnTemplate {
  return withSynthesizedApp(context, ({ template }) => template);
}

// ---- Reading the template ------------------------------------------------------------

/** How intrinsic functions are turned into concrete strings (locally: local names and ARNs). */
export interface IntrinsicResolver {
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

const pseudoParameters: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '000000000000',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'redress-local',
  'AWS::NoValue': '',
};

/**
 * Resolves pseudo parameters to local values (region us-east-1, account 000000000000); a
 * resource's Ref or Fn::GetAtt becomes its logical id, so a caller can map it further.
 */
export const logicalIdResolver: IntrinsicResolver = {
  ref: (logicalId) => pseudoParameters[logicalId] ?? logicalId,
  getAtt: (logicalId) => logicalId,
};

/** Replaces Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split and Fn::Sub (no variable map) with strings. */
export function resolveIntrinsics(value: unknown, resolver: IntrinsicResolver = logicalIdResolver): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, resolver));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [[key, arg]] = entries as [[string, unknown]];
    const text = (v: unknown): string => String(resolveIntrinsics(v, resolver));
    switch (key) {
      case 'Ref':
        return resolver.ref(String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return resolver.getAtt(String(logicalId), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map(text).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number | string, unknown];
        return (resolveIntrinsics(list, resolver) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return text(source).split(separator);
      }
      case 'Fn::Sub': {
        if (typeof arg !== 'string') break;
        return arg.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const [id, attribute] = name.split('.');
          return attribute ? resolver.getAtt(id!, attribute) : resolver.ref(id!);
        });
      }
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, resolver)]));
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResourceJson][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** An Amazon States Language document (only the parts read here are typed). */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  [key: string]: unknown;
}

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Next?: string;
  End?: boolean;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  [key: string]: unknown;
}

/**
 * The complaint state machine's ASL with intrinsics resolved. With the default resolver each
 * Lambda's `FunctionName` is the function's logical id (e.g. `AcknowledgeFunction`).
 */
export function stateMachineDefinition(
  template: CfnTemplate,
  resolver: IntrinsicResolver = logicalIdResolver,
  logicalId = 'ComplaintWorkflow',
): AslDefinition {
  const resource = template.Resources[logicalId];
  if (resource?.Type !== 'AWS::StepFunctions::StateMachine') {
    throw new Error(`No AWS::StepFunctions::StateMachine named ${logicalId} in the template`);
  }
  const definition = resolveIntrinsics(resource.Properties?.DefinitionString, resolver);
  if (typeof definition !== 'string') throw new Error(`${logicalId} has no DefinitionString`);
  return JSON.parse(definition) as AslDefinition;
}

export interface LambdaFunctionInfo {
  logicalId: string;
  /** Repo-relative .ts path (Metadata `redress:entry`). */
  entry: string;
  /** Exported function name (Metadata `redress:handler`). */
  handler: string;
  /** Environment with intrinsics resolved by `resolver`. */
  environment: Record<string, string>;
  timeoutSeconds: number;
}

/** Every function that carries `redress:entry` Metadata (CDK's own helper functions do not). */
export function lambdaFunctions(template: CfnTemplate, resolver: IntrinsicResolver = logicalIdResolver): LambdaFunctionInfo[] {
  return resourcesOfType(template, 'AWS::Lambda::Function')
    .filter(([, resource]) => typeof resource.Metadata?.['redress:entry'] === 'string')
    .map(([logicalId, resource]) => {
      const props = resource.Properties ?? {};
      const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      return {
        logicalId,
        entry: String(resource.Metadata!['redress:entry']),
        handler: String(resource.Metadata!['redress:handler']),
        environment: resolveIntrinsics(variables, resolver) as Record<string, string>,
        timeoutSeconds: Number(props.Timeout ?? 3),
      };
    });
}

export interface HttpRouteInfo {
  /** e.g. `POST /complaints`, `GET /complaints/{id}` */
  routeKey: string;
  method: string;
  path: string;
  /** Logical id of the Lambda function the route's integration invokes. */
  functionLogicalId: string;
}

/** The HTTP API routes and the function behind each (through its Lambda proxy integration). */
export function httpRoutes(template: CfnTemplate): HttpRouteInfo[] {
  const functionOfIntegration = new Map<string, string>();
  for (const [logicalId, integration] of resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')) {
    const uri = integration.Properties?.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined;
    if (uri?.['Fn::GetAtt']) functionOfIntegration.set(logicalId, uri['Fn::GetAtt'][0]);
  }
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
    const routeKey = String(route.Properties?.RouteKey);
    const target = resolveIntrinsics(route.Properties?.Target) as string; // "integrations/<IntegrationLogicalId>"
    const integrationId = target.replace(/^integrations\//, '');
    const [method, path] = routeKey.split(' ') as [string, string];
    const functionLogicalId = functionOfIntegration.get(integrationId);
    if (!functionLogicalId) throw new Error(`Route ${routeKey} has no Lambda integration`);
    return { routeKey, method, path, functionLogicalId };
  });
}
