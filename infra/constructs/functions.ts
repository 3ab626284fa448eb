import { dirname, join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { holidayTableGaps } from '../../functions/domain/calendar/holiday-table';
import { HOLIDAY_TABLE } from '../../functions/domain/calendar/holiday-table.generated';
import { loadPolicy } from '../../functions/domain/policy/load';
import { functionLogicalId, HANDLER_EXPORT, handlerNames, handlers, type HandlerName, type HandlerSpec, type StreamFilterName } from '../handlers';
import { fromRepo } from '../paths';
import { LAYER_MODULES, powertoolsLayer } from './powertools-layer';

export interface FunctionsProps {
  readonly stage: string;
  readonly policyPreset: string;
  readonly logRetention: logs.RetentionDays;
  /** The table whose change stream invokes the `stream: true` handlers. */
  readonly table?: dynamodb.ITable;
}

/**
 * How the change stream invokes its handlers: each only for the records its filter names (the workflow's consumer:
 * insertions of case and outbox items, so claims, marks, events and counters never invoke it; the analytics consumer:
 * every write of a case item), in order per shard, a partial batch response naming the first record not handled,
 * a failing batch split in halves, and after the retries the record's position goes to the dead-letter queue.
 * Nothing is lost with a dropped record: the reconciler starts a missing workflow and the sweep sends a message
 * still in the outbox.
 */
export const STREAM_BATCH_SIZE = 10;
export const STREAM_RETRY_ATTEMPTS = 5;
export const STREAM_MAX_RECORD_AGE = Duration.hours(6);
export const STREAM_FILTERS: Record<StreamFilterName, Record<string, unknown>> = {
  'new-cases-and-outbox': { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['CASE', { prefix: 'OUTBOX#' }] } } } },
  'case-writes': { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: ['CASE'] } } } },
  'incident-fan-out': { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'FANOUT#' }] } } } },
};

/** Metadata keys on each AWS::Lambda::Function; the local runtime loads the source they name. */
export const ENTRY_METADATA = 'redress:entry';
export const HANDLER_METADATA = 'redress:handler';

/**
 * Whether the AWS SDK v3 goes into each bundle (true) or is left to the copy the Lambda runtime ships (false).
 * Bundled: measured by `npm run bench` (bench/README.md, "bundling the AWS SDK"), each function with the SDK inside
 * answered its first invocation sooner than the same function loading the SDK's many files from node_modules: the
 * median over the 11 functions that call AWS was 0.66x and 0.58x in two runs (per function 0.49x–0.83x), at the
 * price of 330–420 KiB more per bundle. It also pins the SDK version the tests ran with instead of the runtime's.
 */
export const BUNDLE_AWS_SDK = true;

/**
 * The esbuild options of every function (bench/bundles.ts builds with the same ones): minified ESM with a source
 * map, and the deployed policy preset defined as __BUNDLED_POLICY_PRESET__ so that a bundle keeps that preset and
 * its holiday regions only (policies/index.ts, calendar/holiday-table.generated.ts). package.json declares our
 * modules free of side effects (`"sideEffects": false`), so esbuild drops a module none of whose exports a function
 * uses, top-level zod schemas and all; a module that must run for its effects alone would have to be listed there.
 */
export function functionBundling(policyPreset: string, bundleAwsSdk: boolean = BUNDLE_AWS_SDK): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    target: 'node24',
    mainFields: ['module', 'main'],
    define: { __BUNDLED_POLICY_PRESET__: JSON.stringify(policyPreset) },
    // CDK's default for Node 18+ runtimes is ['@aws-sdk/*'] (the runtime's copy); [] bundles the SDK. Powertools
    // comes from its layer (infra/constructs/powertools-layer.ts).
    externalModules: [...(bundleAwsSdk ? [] : ['@aws-sdk/*']), ...LAYER_MODULES],
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  };
}

/** Copies a handler's run-time files (HandlerSpec.bundleFiles) into its bundle directory after esbuild ran. */
function copyAfterBundling(files: NonNullable<HandlerSpec['bundleFiles']>): NonNullable<BundlingOptions['commandHooks']> {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => files.map((f) => `mkdir -p "${dirname(join(outputDir, f.to))}" && cp "${join(inputDir, f.from)}" "${join(outputDir, f.to)}"`),
  };
}

/** The years the deployed functions compute business time for: this one and the next (deadlines run ahead). */
const holidayYears = () => [new Date().getUTCFullYear(), new Date().getUTCFullYear() + 1] as const;

/**
 * One NodejsFunction per handler of docs/contracts.md: esbuild, minified ESM with source maps,
 * arm64, X-Ray tracing, its own log group with a retention. Each function gets its own role
 * that may only write its own logs (no managed policy); the constructs owning the table, the
 * state machine and SES add their grants and environment variables together.
 */
export class Functions extends Construct {
  readonly byName: Record<HandlerName, NodejsFunction>;
  /** Where the change stream's records go after their retries (encrypted, TLS only). */
  readonly streamDeadLetters?: sqs.Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    // The bundles read public holidays from a generated table: refuse to deploy a preset the table cannot serve.
    const gaps = holidayTableGaps(HOLIDAY_TABLE, Object.values(loadPolicy(props.policyPreset).calendars), ...holidayYears());
    if (gaps.length > 0) throw new Error(`policy preset "${props.policyPreset}": ${gaps.join('; ')}; run npm run holidays:table (tools/holiday-table.ts)`);
    const layer = powertoolsLayer(this);
    const entries = handlerNames.map((name) => [name, this.create(name, props, layer)] as const);
    this.byName = Object.fromEntries(entries) as Record<HandlerName, NodejsFunction>;
    const streamed = handlerNames.filter((name) => (handlers[name] as HandlerSpec).stream);
    if (streamed.length > 0) {
      if (!props.table) throw new Error(`handlers ${streamed.join(', ')} read the change stream: pass the table`);
      this.streamDeadLetters = new sqs.Queue(this, 'ChangeStreamDeadLetters', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(this.streamDeadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: "This queue is itself the change stream's dead-letter destination (the event source's on-failure target).",
      });
      for (const name of streamed) this.connectStream(this.byName[name], props.table, this.streamDeadLetters, (handlers[name] as HandlerSpec).stream!);
    }
  }

  /** The DynamoDB event source; CDK grants the stream reads and the queue's send to the function's role. */
  private connectStream(fn: NodejsFunction, table: dynamodb.ITable, deadLetters: sqs.IQueue, filter: StreamFilterName): void {
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_BATCH_SIZE,
        bisectBatchOnError: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        maxRecordAge: STREAM_MAX_RECORD_AGE,
        reportBatchItemFailures: true,
        parallelizationFactor: 1, // in order per case (one partition key is one shard)
        filters: [lambda.FilterCriteria.filter(STREAM_FILTERS[filter])],
        onFailure: new SqsDlq(deadLetters),
      }),
    );
  }

  get all(): NodejsFunction[] {
    return Object.values(this.byName);
  }

  private create(name: HandlerName, props: FunctionsProps, powertools: lambda.ILayerVersion): NodejsFunction {
    const spec: HandlerSpec = handlers[name];
    const logGroup = new logs.LogGroup(this, `${name}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, `${name}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${name} handler`,
    });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(this, name, {
      entry: fromRepo(spec.entry),
      handler: HANDLER_EXPORT,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(15),
      tracing: lambda.Tracing.ACTIVE,
      layers: [powertools],
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      role,
      environment: {
        STAGE: props.stage,
        // Stack traces through the minified bundle point at the TypeScript source.
        NODE_OPTIONS: '--enable-source-maps',
        // Responses and error messages may carry personal data: traces keep neither (functions/adapters/tracer.ts).
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        ...(spec.usesPolicy ? { POLICY_PRESET: props.policyPreset } : {}),
      },
      bundling: { ...functionBundling(props.policyPreset), ...(spec.bundleFiles ? { commandHooks: copyAfterBundling(spec.bundleFiles) } : {}) },
    });

    const cfn = fn.node.defaultChild as lambda.CfnFunction;
    cfn.overrideLogicalId(functionLogicalId(name));
    cfn.addMetadata(ENTRY_METADATA, spec.entry);
    cfn.addMetadata(HANDLER_METADATA, HANDLER_EXPORT);

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    return fn;
  }
}
