// Reads the synthesized CloudFormation template into what the local runtime needs: tables, functions (with
// their source entry and resolved environment), HTTP routes and state machines (ASL with intrinsics resolved).
// Local physical names and ARNs are derived from logical ids so they are stable across restarts.

export const LOCAL_ACCOUNT = '000000000000';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  [key: string]: unknown;
}

export interface LocalTable {
  logicalId: string;
  tableName: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  }[];
  localSecondaryIndexes: LocalTable['globalSecondaryIndexes'];
  ttlAttribute?: string;
  streamViewType?: string;
}

export interface LocalFunction {
  logicalId: string;
  functionName: string;
  arn: string;
  /** repo-relative path of the handler module (`redress:entry`) */
  entry: string;
  /** exported handler name (`redress:handler`, default `handler`) */
  exportName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
}

export interface LocalRoute {
  logicalId: string;
  method: string; // upper case, or ANY
  path: string; // e.g. /complaints/{id} or /files/{proxy+}; "$default" for the default route
  routeKey: string;
  functionLogicalId: string;
  authorizationType: string; // NONE | JWT | AWS_IAM | CUSTOM
  authorizer?: { logicalId: string; type: string; identitySource: string[]; issuer?: string; audience?: string[] };
  authorizationScopes: string[];
}

export interface LocalStateMachine {
  logicalId: string;
  name: string;
  arn: string;
  definition: Record<string, unknown>;
  type: 'STANDARD' | 'EXPRESS';
}

export interface LocalSchedule {
  logicalId: string;
  ruleArn: string;
  expression: string; // rate(...) or cron(...)
  functionLogicalId: string;
  /** constant event the target is given (Targets[].Input, Target.Input), else the Scheduled Event */
  input?: string;
  /** An EventBridge Scheduler schedule's ScheduleExpressionTimezone: its cron runs on that wall clock (rules: UTC). */
  timeZone?: string;
}

/** A DynamoDB stream → Lambda event source mapping (`AWS::Lambda::EventSourceMapping` on a table's StreamArn). */
export interface LocalStreamMapping {
  logicalId: string;
  tableLogicalId: string;
  functionLogicalId: string;
  batchSize: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** -1: retry until the record expires (Lambda's default). */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  /** The event filter patterns (FilterCriteria.Filters[].Pattern, parsed); a record is passed on if any matches. */
  filters: unknown[];
}

export interface LocalNames {
  region: string;
  /** base URL of the local gateway; substituted wherever the template points at the public site or API */
  publicBaseUrl: string;
}

export interface LocalModel {
  tables: LocalTable[];
  functions: LocalFunction[];
  routes: LocalRoute[];
  stateMachines: LocalStateMachine[];
  schedules: LocalSchedule[];
  streams: LocalStreamMapping[];
  /** Rules on SES's events (the configuration set's event destination): which handler gets which detail types. */
  mailEvents: LocalMailEventRule[];
  unresolved: string[];
}

export interface LocalMailEventRule {
  logicalId: string;
  /** e.g. `Email Sent` */
  detailTypes: string[];
  functionLogicalId: string;
}

/** Marker for values that are "the public URL of this deployment" (API endpoint, CloudFront domain). */
const PUBLIC_HOST = '\u0000public-host\u0000';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function tableNameOf(logicalId: string, res: CfnResource): string {
  const name = res.Properties?.TableName;
  return typeof name === 'string' ? name : logicalId;
}

export function functionNameOf(logicalId: string, res: CfnResource): string {
  const name = res.Properties?.FunctionName;
  return typeof name === 'string' ? name : logicalId;
}

export function stateMachineNameOf(logicalId: string, res: CfnResource): string {
  const name = res.Properties?.StateMachineName;
  return typeof name === 'string' ? name : logicalId;
}

/**
 * Resolves the intrinsics CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split) against the
 * local names. Anything it cannot resolve is recorded in `unresolved` and rendered as `unresolved:<json>` so a
 * handler that uses it fails loudly instead of silently talking to the wrong resource.
 */
export class IntrinsicResolver {
  readonly unresolved: string[] = [];
  constructor(
    private readonly template: CfnTemplate,
    private readonly names: LocalNames,
  ) {}

  private get resources(): Record<string, CfnResource> {
    return this.template.Resources ?? {};
  }

  resolve(value: unknown, where: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, where));
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = value[k];
      switch (k) {
        case 'Ref':
          return this.ref(String(arg), where);
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.getAtt(String(id), String(attr), where);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(parts, where) as unknown[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (this.resolve(list, where) as unknown[])[Number(this.resolve(index, where))];
        }
        case 'Fn::Split': {
          const [sep, source] = arg as [string, unknown];
          return String(this.resolve(source, where)).split(sep);
        }
        case 'Fn::Sub':
          return this.sub(arg, where);
        default:
          if (k.startsWith('Fn::')) return this.fail(value, where);
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, where)]));
  }

  private sub(arg: unknown, where: string): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
      if (name in vars) return String(this.resolve(vars[name], where));
      if (name.includes('.')) {
        const [id, attr] = name.split('.', 2);
        return String(this.getAtt(id, attr, where));
      }
      return String(this.ref(name, where));
    });
  }

  private fail(expr: unknown, where: string): string {
    const text = `unresolved:${JSON.stringify(expr)}`;
    this.unresolved.push(`${where}: ${JSON.stringify(expr)}`);
    return text;
  }

  private arnOf(service: string, resource: string): string {
    return `arn:aws:${service}:${this.names.region}:${LOCAL_ACCOUNT}:${resource}`;
  }

  ref(id: string, where: string): unknown {
    switch (id) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.names.region;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'local';
      case 'AWS::NoValue':
        return undefined;
    }
    const res = this.resources[id];
    if (!res) {
      const param = (this.template.Parameters as Record<string, { Default?: unknown }> | undefined)?.[id];
      if (param && 'Default' in param) return param.Default;
      return this.fail({ Ref: id }, where);
    }
    const p = res.Properties ?? {};
    switch (res.Type) {
      case 'AWS::DynamoDB::Table':
        return tableNameOf(id, res);
      case 'AWS::Lambda::Function':
        return functionNameOf(id, res);
      case 'AWS::StepFunctions::StateMachine':
        return this.arnOf('states', `stateMachine:${stateMachineNameOf(id, res)}`);
      case 'AWS::SES::ConfigurationSet':
        return typeof p.Name === 'string' ? p.Name : id;
      case 'AWS::SES::EmailIdentity':
        return typeof p.EmailIdentity === 'string' ? p.EmailIdentity : id;
      case 'AWS::S3::Bucket':
        return typeof p.BucketName === 'string' ? p.BucketName : id.toLowerCase();
      case 'AWS::SQS::Queue':
        return `http://127.0.0.1/queue/${id}`;
      case 'AWS::SNS::Topic':
        return this.arnOf('sns', id);
      case 'AWS::KMS::Key':
        return `local-key-${id}`;
      case 'AWS::SecretsManager::Secret':
        return this.arnOf('secretsmanager', `secret:${id}`);
      case 'AWS::ApiGatewayV2::Api':
      case 'AWS::ApiGatewayV2::Integration':
      case 'AWS::ApiGatewayV2::Authorizer':
      case 'AWS::Cognito::UserPool':
      case 'AWS::Cognito::UserPoolClient':
        return id;
      case 'AWS::SSM::Parameter':
        return typeof p.Name === 'string' ? p.Name : id;
      case 'AWS::CloudFront::Distribution':
        return id;
      default:
        return this.fail({ Ref: id }, where);
    }
  }

  getAtt(id: string, attr: string, where: string): unknown {
    const res = this.resources[id];
    if (!res) return this.fail({ 'Fn::GetAtt': [id, attr] }, where);
    switch (`${res.Type}.${attr}`) {
      case 'AWS::DynamoDB::Table.Arn':
        return this.arnOf('dynamodb', `table/${tableNameOf(id, res)}`);
      case 'AWS::DynamoDB::Table.StreamArn':
        return this.arnOf('dynamodb', `table/${tableNameOf(id, res)}/stream/local`);
      case 'AWS::Lambda::Function.Arn':
        return this.arnOf('lambda', `function:${functionNameOf(id, res)}`);
      case 'AWS::StepFunctions::StateMachine.Arn':
        return this.arnOf('states', `stateMachine:${stateMachineNameOf(id, res)}`);
      case 'AWS::StepFunctions::StateMachine.Name':
        return stateMachineNameOf(id, res);
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return this.names.publicBaseUrl;
      case 'AWS::CloudFront::Distribution.DomainName':
        return PUBLIC_HOST;
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${String(this.ref(id, where))}`;
      case 'AWS::KMS::Key.Arn':
        return this.arnOf('kms', `key/${id}`);
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${id}`;
      case 'AWS::SNS::Topic.TopicArn':
        return this.arnOf('sns', id);
      case 'AWS::Cognito::UserPool.ProviderURL':
        return `${this.names.publicBaseUrl}/_local/idp/${id}`;
      case 'AWS::Cognito::UserPool.Arn':
        return this.arnOf('cognito-idp', `userpool/${id}`);
      default:
        return this.fail({ 'Fn::GetAtt': [id, attr] }, where);
    }
  }

  /** Resolves an environment value and points "the public site" at the local gateway. */
  resolveString(value: unknown, where: string): string {
    const s = String(this.resolve(value, where));
    return s.replace(`https://${PUBLIC_HOST}`, this.names.publicBaseUrl).replace(PUBLIC_HOST, this.names.publicBaseUrl.replace(/^https?:\/\//, ''));
  }
}

function entriesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}

/** The template's DynamoDB tables as CreateTable needs them; the local stack and the adapter tests both create theirs from this. */
export function parseTables(template: CfnTemplate): LocalTable[] {
  return entriesOfType(template, 'AWS::DynamoDB::Table').map(([id, res]) => {
    const p = (res.Properties ?? {}) as Record<string, unknown>;
    const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    const stream = p.StreamSpecification as { StreamViewType?: string } | undefined;
    return {
      logicalId: id,
      tableName: tableNameOf(id, res),
      keySchema: p.KeySchema as LocalTable['keySchema'],
      attributeDefinitions: p.AttributeDefinitions as LocalTable['attributeDefinitions'],
      globalSecondaryIndexes: (p.GlobalSecondaryIndexes as LocalTable['globalSecondaryIndexes']) ?? [],
      localSecondaryIndexes: (p.LocalSecondaryIndexes as LocalTable['localSecondaryIndexes']) ?? [],
      ttlAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
      streamViewType: stream?.StreamViewType,
    };
  });
}

function parseFunctions(template: CfnTemplate, resolver: IntrinsicResolver): LocalFunction[] {
  const out: LocalFunction[] = [];
  for (const [id, res] of entriesOfType(template, 'AWS::Lambda::Function')) {
    const entry = res.Metadata?.['redress:entry'];
    // Functions CDK adds for itself (log retention, custom resources) carry no entry and do not run locally.
    if (typeof entry !== 'string') continue;
    const p = res.Properties ?? {};
    const vars = ((p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) environment[k] = resolver.resolveString(v, `${id}.Environment.${k}`);
    const exportName = res.Metadata?.['redress:handler'];
    out.push({
      logicalId: id,
      functionName: functionNameOf(id, res),
      arn: String(resolver.getAtt(id, 'Arn', id)),
      entry,
      exportName: typeof exportName === 'string' ? exportName : 'handler',
      environment,
      timeoutSeconds: typeof p.Timeout === 'number' ? p.Timeout : 3,
    });
  }
  return out;
}

/** The logical id a `{Ref}` / `{Fn::GetAtt}` / `integrations/<id>` expression points to. */
function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const ga = value['Fn::GetAtt'];
  if (Array.isArray(ga)) return String(ga[0]);
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    for (const part of join[1] as unknown[]) {
      const id = referencedId(part);
      if (id) return id;
    }
  }
  return undefined;
}

function parseRoutes(template: CfnTemplate): LocalRoute[] {
  const resources = template.Resources ?? {};
  const routes: LocalRoute[] = [];
  for (const [id, res] of entriesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const p = res.Properties ?? {};
    const routeKey = String(p.RouteKey);
    const integrationId = referencedId(p.Target);
    const integration = integrationId ? resources[integrationId] : undefined;
    const functionLogicalId = referencedId(integration?.Properties?.IntegrationUri);
    if (!functionLogicalId) continue;
    const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ', 2);
    const authorizerId = referencedId(p.AuthorizerId);
    const authRes = authorizerId ? resources[authorizerId] : undefined;
    const jwt = authRes?.Properties?.JwtConfiguration as { Issuer?: unknown; Audience?: unknown[] } | undefined;
    routes.push({
      logicalId: id,
      method: method.toUpperCase(),
      path,
      routeKey,
      functionLogicalId,
      authorizationType: String(p.AuthorizationType ?? 'NONE'),
      authorizationScopes: (p.AuthorizationScopes as string[] | undefined) ?? [],
      authorizer: authRes
        ? {
            logicalId: authorizerId!,
            type: String(authRes.Properties?.AuthorizerType),
            identitySource: (authRes.Properties?.IdentitySource as string[] | undefined) ?? [],
            issuer: jwt?.Issuer === undefined ? undefined : JSON.stringify(jwt.Issuer),
            audience: jwt?.Audience?.map((a) => JSON.stringify(a)),
          }
        : undefined,
    });
  }
  return routes;
}

function parseStateMachines(template: CfnTemplate, resolver: IntrinsicResolver): LocalStateMachine[] {
  return entriesOfType(template, 'AWS::StepFunctions::StateMachine').map(([id, res]) => {
    const p = res.Properties ?? {};
    let definition: Record<string, unknown>;
    if (p.Definition !== undefined) {
      definition = resolver.resolve(p.Definition, `${id}.Definition`) as Record<string, unknown>;
    } else {
      let text = String(resolver.resolve(p.DefinitionString, `${id}.DefinitionString`));
      const subs = (p.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(subs)) text = text.split('${' + k + '}').join(String(resolver.resolve(v, id)));
      definition = JSON.parse(text) as Record<string, unknown>;
    }
    const name = stateMachineNameOf(id, res);
    return {
      logicalId: id,
      name,
      arn: String(resolver.getAtt(id, 'Arn', id)),
      definition,
      type: p.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    };
  });
}

function parseSchedules(template: CfnTemplate, names: LocalNames): LocalSchedule[] {
  const out: LocalSchedule[] = [];
  for (const [id, res] of entriesOfType(template, 'AWS::Events::Rule')) {
    const p = res.Properties ?? {};
    if (typeof p.ScheduleExpression !== 'string' || (p.State !== undefined && p.State !== 'ENABLED')) continue;
    for (const target of (p.Targets as { Arn?: unknown; Input?: unknown }[] | undefined) ?? []) {
      const fnId = referencedId(target.Arn);
      if (!fnId || template.Resources?.[fnId]?.Type !== 'AWS::Lambda::Function') continue;
      out.push({
        logicalId: id,
        ruleArn: `arn:aws:events:${names.region}:${LOCAL_ACCOUNT}:rule/${id}`,
        expression: p.ScheduleExpression,
        functionLogicalId: fnId,
        input: typeof target.Input === 'string' ? target.Input : undefined,
      });
    }
  }
  for (const [id, res] of entriesOfType(template, 'AWS::Scheduler::Schedule')) {
    const p = res.Properties ?? {};
    if (typeof p.ScheduleExpression !== 'string' || (p.State !== undefined && p.State !== 'ENABLED')) continue;
    const target = p.Target as { Arn?: unknown; Input?: unknown } | undefined;
    const fnId = referencedId(target?.Arn);
    if (!fnId || template.Resources?.[fnId]?.Type !== 'AWS::Lambda::Function') continue;
    out.push({
      logicalId: id,
      ruleArn: `arn:aws:scheduler:${names.region}:${LOCAL_ACCOUNT}:schedule/default/${id}`,
      expression: p.ScheduleExpression,
      functionLogicalId: fnId,
      input: typeof target?.Input === 'string' ? target.Input : undefined,
      timeZone: typeof p.ScheduleExpressionTimezone === 'string' ? p.ScheduleExpressionTimezone : 'UTC',
    });
  }
  return out;
}

function parseMailEventRules(template: CfnTemplate): LocalMailEventRule[] {
  const out: LocalMailEventRule[] = [];
  for (const [id, res] of entriesOfType(template, 'AWS::Events::Rule')) {
    const p = res.Properties ?? {};
    const pattern = p.EventPattern as { source?: unknown; 'detail-type'?: unknown } | undefined;
    if (!Array.isArray(pattern?.source) || !pattern.source.includes('aws.ses') || (p.State !== undefined && p.State !== 'ENABLED')) continue;
    const detailTypes = Array.isArray(pattern['detail-type']) ? pattern['detail-type'].map(String) : [];
    for (const target of (p.Targets as { Arn?: unknown }[] | undefined) ?? []) {
      const fnId = referencedId(target.Arn);
      if (fnId && template.Resources?.[fnId]?.Type === 'AWS::Lambda::Function') out.push({ logicalId: id, detailTypes, functionLogicalId: fnId });
    }
  }
  return out;
}

function parseStreamMappings(template: CfnTemplate): LocalStreamMapping[] {
  const out: LocalStreamMapping[] = [];
  for (const [id, res] of entriesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const p = res.Properties ?? {};
    const source = p.EventSourceArn as Record<string, unknown> | undefined;
    const getAtt = source?.['Fn::GetAtt'];
    const tableId = Array.isArray(getAtt) && getAtt[1] === 'StreamArn' ? String(getAtt[0]) : undefined;
    const fnId = referencedId(p.FunctionName);
    if (!tableId || !fnId || template.Resources?.[tableId]?.Type !== 'AWS::DynamoDB::Table') continue;
    if (p.Enabled === false) continue;
    const patterns = ((p.FilterCriteria as { Filters?: { Pattern?: unknown }[] } | undefined)?.Filters ?? []).map((f) => (typeof f.Pattern === 'string' ? (JSON.parse(f.Pattern) as unknown) : f.Pattern));
    out.push({
      logicalId: id,
      tableLogicalId: tableId,
      functionLogicalId: fnId,
      batchSize: typeof p.BatchSize === 'number' ? p.BatchSize : 100,
      startingPosition: p.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      maximumRetryAttempts: typeof p.MaximumRetryAttempts === 'number' ? p.MaximumRetryAttempts : -1,
      bisectBatchOnFunctionError: p.BisectBatchOnFunctionError === true,
      reportBatchItemFailures: Array.isArray(p.FunctionResponseTypes) && p.FunctionResponseTypes.includes('ReportBatchItemFailures'),
      filters: patterns,
    });
  }
  return out;
}

/** Everything the local runtime reads from the template, resolved against local names. */
export function readTemplate(template: CfnTemplate, names: LocalNames): LocalModel {
  const resolver = new IntrinsicResolver(template, names);
  return {
    tables: parseTables(template),
    functions: parseFunctions(template, resolver),
    routes: parseRoutes(template),
    stateMachines: parseStateMachines(template, resolver),
    schedules: parseSchedules(template, names),
    streams: parseStreamMappings(template),
    mailEvents: parseMailEventRules(template),
    unresolved: resolver.unresolved,
  };
}
