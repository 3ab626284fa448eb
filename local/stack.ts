/**
 * The local stack behind `npm start`, as a library for tests and benchmarks. One process runs everything:
 * DynamoDB Local (child JVM), the SES catcher, a Step Functions service (AWS JSON 1.0 protocol) running the
 * template's ASL on aws-local-stepfunctions, and an HTTP gateway built from the template's routes, all on a
 * virtual clock. The same synthesized CloudFormation template as `cdk deploy` drives it.
 *
 * API (stable; other layers' tests and benchmarks depend on it):
 *
 *   startLocalStack(options?: LocalStackOptions): Promise<LocalStack>
 *
 *   LocalStackOptions (all optional)
 *     template      CloudFormation template object; default: `synthTemplate()` from infra/synth.ts
 *     policy        the policy in force, as `cdk synth -c policyPreset=…` takes it: a preset name of policies/ or
 *                   a path to a policy JSON file (validated by the domain's schema; see infra/context.ts
 *                   choosePolicy); synthesized into the template, so every handler gets it as POLICY_PRESET.
 *                   Not with `template`. Default: the app's default preset
 *     rootDir       repo root handler entries are relative to; default: this repo
 *     ports         0 = a random free port for every service (use in tests), or per service
 *                   { api, dynamodb, ses, stepfunctions, s3, smtp } (0 = random); default: env REDRESS_API_PORT,
 *                   REDRESS_DYNAMODB_PORT, REDRESS_SES_PORT, REDRESS_SFN_PORT, REDRESS_S3_PORT, REDRESS_SMTP_PORT, else 3000/8000/8005/8083/4569/2525
 *     dataDir       absolute directory for persistent state (DynamoDB files in <dataDir>/dynamodb, the
 *                   virtual clock's offset in <dataDir>/clock.json, Step Functions executions in
 *                   <dataDir>/stepfunctions as a journal every change is fsync'd to before it is acknowledged:
 *                   running ones resume after a restart or a crash; the caught mail in <dataDir>/ses);
 *                   default <rootDir>/.local
 *     fresh         wipe <dataDir>'s DynamoDB data, executions, mail and clock before starting
 *     inMemory      DynamoDB in memory, nothing written to disk (fast tests)
 *     region        default process.env.AWS_REGION ?? 'us-east-1'
 *     webDir        static site served at /; default <rootDir>/web
 *     authorizeJwt  hook for JWT-authorized routes (see gateway.ts JwtAuthorizer); default: the LOCAL ONLY dev
 *                   identity (local/dev-identity.ts: tokens from POST /_local/dev-token, verified like API Gateway)
 *     log           line logger; default console.log; pass () => {} for silence
 *
 *   LocalStack
 *     urls     { api, web, openapi, ses, sesViewer, sesStore, dynamodb, stepfunctions, clock, devToken, payments, s3, smtp, social } (http://127.0.0.1:<port>…)
 *     ports    { api, dynamodb, ses, stepfunctions, payments, s3, smtp } (payments: the LOCAL ONLY fake payment provider)
 *     env      the variables an AWS SDK client or the AWS CLI needs to reach the stack (endpoints, dummy
 *              credentials, region): spread into a child process env or read the endpoints from it
 *     tables   [{ logicalId, tableName }]        local physical table names
 *     stateMachines [{ logicalId, name, arn }]  local state machine ARNs
 *     functions [{ logicalId, entry, environment }]
 *     clock    { now(): number, advance(msOrDuration: number | string): Promise<number>, jump(…), offset(): number }
 *              advance('PT48H' | '+48h' | '5d' | ms) fires every Wait, task timeout and retry due on the way,
 *              in order, waiting for the work each one starts; resolves with the new virtual epoch ms;
 *              jump(…) does the same and resolves with { now, fired } (local/jump-report.ts)
 *     engine   the Step Functions engine (for white-box tests: engine.describeExecution(arn) …)
 *     streams  { drain() } the table's change stream read as Lambda's event source mapping reads it (starts each
 *              new case's workflow, sends new outbox items; positions in <dataDir>/streams); a clock jump drains it
 *              first
 *     model    what was read from the template (tables, functions, routes, state machines, schedules)
 *     policy   the POLICY_PRESET the handlers got from the template (undefined if no function has one)
 *     pids     { dynamodb } the JVM's process id
 *     stop()   stops every server and the JVM, restores the real timers and process.env
 *
 * Constraints: one stack per process at a time (the clock and process.env are process-wide). Handler modules
 * are imported once per process and keep the endpoints they saw at import: to restart a stack in the same
 * process, pass the first stack's `ports` again.
 */
import './polyfills';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as z from '../functions/domain/zod';
import { createDevIdentity, DEV_TOKEN_PATH, mountDevIdentity } from './dev-identity';
import { checkJava, ensureTables, startDynamoDb, type DynamoDbLocal } from './dynamodb';
import { startGateway, type Gateway, type JwtAuthorizer } from './gateway';
import { handlersInFlight, loadFunctions, type LoadedFunction } from './lambda-runtime';
import { localCustomerIndexSecret, localFieldMasterKey, localSigningSecrets } from './kept-secrets';
import { startSchedules } from './schedules';
import { startEventDelivery } from './event-delivery';
import { startStreamPollers, type StreamPollers } from './stream-poller';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { firedEmails, firedEvents, type JumpReport } from './jump-report';
import { startMailEvents } from './mail-events';
import { caughtEmails, onCaughtEmail, onStoreCleared, startSes, type SesCatcher } from './ses';
import { StepFunctionsEngine, type ExecutionRecord } from './stepfunctions/engine';
import { ExecutionJournal } from './stepfunctions/journal';
import { startStepFunctionsService, type StepFunctionsService } from './stepfunctions/service';
import { readTemplate, type CfnTemplate, type LocalModel } from './template';
import { LOCAL_PAYMENT_API_KEY, LOCAL_PAYMENT_WEBHOOK_SECRET, startFakePaymentProvider } from './fake-payment-provider';
import { installVirtualClock, parseDuration, realDelay, type VirtualClock } from './virtual-clock';
import { LOCAL_SOCIAL_WEBHOOK, startLocalChannels } from './smtp-inbound';
import { LOCAL_PAGE_ACCESS_TOKEN, startFakeSocialPlatform } from './fake-social-platform';

export type { JwtAuthorizer, JwtAuthorizerContext, GatewayEvent } from './gateway';

import { DEFAULT_PORTS, freePorts, PORT_ENV, retryWhilePortTaken } from './ports';
type Service = keyof typeof DEFAULT_PORTS;
export type Ports = Record<Service, number>;

export interface LocalStackOptions {
  template?: CfnTemplate;
  policy?: string;
  rootDir?: string;
  ports?: 0 | Partial<Ports>;
  dataDir?: string;
  fresh?: boolean;
  inMemory?: boolean;
  region?: string;
  webDir?: string;
  authorizeJwt?: JwtAuthorizer;
  log?: (line: string) => void;
}

export interface LocalStackUrls {
  api: string;
  web: string;
  openapi: string;
  ses: string;
  sesViewer: string;
  sesStore: string;
  dynamodb: string;
  stepfunctions: string;
  clock: string;
  /** LOCAL ONLY: POST { sub, groups } mints a staff JWT (local/dev-identity.ts). */
  devToken: string;
  /** LOCAL ONLY: the fake payment provider (local/fake-payment-provider.ts); it posts signed events to /webhooks/payments. */
  payments: string;
  /** S3-compatible endpoint over <dataDir>/s3 (local/s3-server.ts): the inbound-mail and case-files buckets. */
  s3: string;
  /** SMTP server receiving mail for the intake address and the reply domain (local/smtp-inbound.ts). */
  smtp: string;
  /** LOCAL ONLY fake messaging platform: `GET <social>/sent` lists the direct messages sent to customers. */
  social: string;
}

export interface LocalStackClock {
  now(): number;
  advance(by: number | string): Promise<number>;
  /** advance, and say what fired on the way (timeline events by type, mail), with case numbers */
  jump(by: number | string): Promise<{ now: number; fired: JumpReport }>;
  offset(): number;
}

export interface LocalStack {
  urls: LocalStackUrls;
  ports: Ports;
  env: Record<string, string>;
  tables: { logicalId: string; tableName: string }[];
  stateMachines: { logicalId: string; name: string; arn: string }[];
  functions: { logicalId: string; entry: string; environment: Record<string, string> }[];
  clock: LocalStackClock;
  engine: StepFunctionsEngine;
  /** The change stream's pollers: `drain()` returns once every record written so far has been handled. */
  streams: Pick<StreamPollers, 'drain' | 'delivered'>;
  model: LocalModel;
  policy: string | undefined;
  /** child processes (DynamoDB Local's JVM) by name, for checks that nothing outlives stop() */
  pids: { dynamodb: number };
  stop(): Promise<void>;
}

const REPO_ROOT = resolvePath(dirname(fileURLToPath(import.meta.url)), '..');
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const sleepReal = (ms: number) => realDelay(ms, realSetTimeout);

/** Endpoints the handler modules were first imported with (module-scope clients keep them). */
let importedWithEnv: Record<string, string> | undefined;
let running = false;

async function choosePorts(option: LocalStackOptions['ports']): Promise<Ports> {
  const out = {} as Ports;
  for (const s of Object.keys(DEFAULT_PORTS) as Service[]) {
    let p: number;
    if (option === 0) p = 0;
    else if (option && option[s] !== undefined) p = option[s]!;
    else if (process.env[PORT_ENV[s]]) p = Number(process.env[PORT_ENV[s]]);
    else p = DEFAULT_PORTS[s];
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`invalid port for ${s}: ${p} (${PORT_ENV[s]})`);
    out[s] = p;
  }
  // Every port is fixed before anything starts: the handlers' environment (endpoints, public URL) needs them. The
  // free ones are picked together, so no two services are given the same one.
  const open = (Object.keys(out) as Service[]).filter((s) => out[s] === 0);
  const picked = await freePorts(open.length);
  open.forEach((s, i) => (out[s] = picked[i]!));
  return out;
}

const ClockFile = z.object({ offsetMs: z.number().check(z.gte(0)) });

const ExecutionsFile = z.array(
  z.looseObject({
    executionArn: z.string(),
    stateMachineArn: z.string(),
    name: z.string(),
    input: z.string(),
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
    startDate: z.number(),
    history: z.array(z.looseObject({ id: z.number(), previousEventId: z.number(), timestamp: z.number(), type: z.string() })),
  }),
);

function readExecutions(file: string | undefined, log: (line: string) => void): ExecutionRecord[] {
  if (!file || !existsSync(file)) return [];
  try {
    const parsed = ExecutionsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data as ExecutionRecord[];
    log(`[local] warning: ignoring ${file}: ${parsed.error.issues[0]?.message}`);
  } catch (err) {
    log(`[local] warning: ignoring ${file}: ${(err as Error).message}`);
  }
  return [];
}

function readClockOffset(file: string | undefined): number {
  if (!file || !existsSync(file)) return 0;
  try {
    const parsed = ClockFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.offsetMs : 0;
  } catch {
    return 0;
  }
}

/** Synthesizes the app in this process, so a policy file registered at synth is the one the handlers load. */
async function defaultTemplate(rootDir: string, policy: string | undefined): Promise<CfnTemplate> {
  const synthPath = join(rootDir, 'infra', 'synth.ts');
  if (!existsSync(synthPath)) throw new Error(`no template given and ${synthPath} does not exist yet`);
  const mod = (await import(pathToFileURL(synthPath).href)) as { synthTemplate?: (ctx?: Record<string, unknown>) => unknown };
  if (typeof mod.synthTemplate !== 'function') throw new Error('infra/synth.ts does not export synthTemplate()');
  return (await mod.synthTemplate(policy === undefined ? undefined : { policyPreset: policy })) as CfnTemplate;
}

/**
 * With `ports: 0` each port is picked free and bound a moment later, so a test running beside this one can take it in
 * between (EADDRINUSE, seen in CI): the start is tried again, up to three times, with new ports.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return options.ports === 0 ? retryWhilePortTaken(() => startLocalStackOnce(options)) : startLocalStackOnce(options);
}

async function startLocalStackOnce(options: LocalStackOptions): Promise<LocalStack> {
  if (running) throw new Error('a local stack is already running in this process; stop() it first');
  running = true;
  const log = options.log ?? ((line: string) => console.log(line));
  const rootDir = options.rootDir ?? REPO_ROOT;
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const dataDir = options.dataDir ?? join(rootDir, '.local');
  if (!isAbsolute(dataDir)) throw new Error(`dataDir must be absolute: ${dataDir}`);
  const dynamoDir = options.inMemory ? undefined : join(dataDir, 'dynamodb');
  const clockFile = options.inMemory ? undefined : join(dataDir, 'clock.json');
  const executionsDir = options.inMemory ? undefined : join(dataDir, 'stepfunctions');
  const mailDir = options.inMemory ? undefined : join(dataDir, 'ses');
  if (options.fresh && !options.inMemory) {
    rmSync(join(dataDir, 'dynamodb'), { recursive: true, force: true });
    rmSync(join(dataDir, 'stepfunctions'), { recursive: true, force: true });
    rmSync(join(dataDir, 'ses'), { recursive: true, force: true });
    rmSync(join(dataDir, 'streams'), { recursive: true, force: true });
    rmSync(join(dataDir, 'clock.json'), { force: true });
    rmSync(join(dataDir, 's3'), { recursive: true, force: true });
    rmSync(join(dataDir, 'analytics'), { recursive: true, force: true });
  }

  const cleanups: (() => Promise<void> | void)[] = [];
  const savedEnv = { ...process.env };

  const stopAll = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log(`[local] cleanup failed: ${(err as Error).message}`);
      }
    }
    cleanups.length = 0;
    running = false;
  };

  try {
    checkJava();
    if (options.template && options.policy !== undefined) throw new Error('give either a template or a policy, not both: the policy is chosen at synth');
    const template = options.template ?? (await defaultTemplate(rootDir, options.policy));
    const ports = await choosePorts(options.ports);
    // LOCAL ONLY: the platform staff replies to direct messages go to (records them; GET <url>/sent lists them).
    const socialPlatform = await startFakeSocialPlatform();
    cleanups.push(() => socialPlatform.stop());
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const endpoints = {
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      ses: `http://127.0.0.1:${ports.ses}`,
      stepfunctions: `http://127.0.0.1:${ports.stepfunctions}`,
    };
    const env: Record<string, string> = {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_SES: endpoints.ses,
      REPLY_SIGNING_SECRETS: localSigningSecrets(options.inMemory ? undefined : join(dataDir, 'signing-secret')),
      // The master key of sealed fields (the KMS key on AWS), made once under the data directory.
      FIELD_MASTER_KEY: localFieldMasterKey(options.inMemory ? undefined : join(dataDir, 'field-master-key')),
      // The secret of customers' blind index (a generated secret on AWS), made once under the data directory.
      CUSTOMER_INDEX_SECRET: localCustomerIndexSecret(options.inMemory ? undefined : join(dataDir, 'customer-index-secret')),
      // The local identity provider answers the two Cognito calls the staff directory makes (local/dev-identity.ts).
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${apiUrl}/_local/cognito-idp`,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${ports.s3}`,
      // LOCAL ONLY: the messaging webhook's verify token and app secret (the fake platform signs with them).
      SOCIAL_WEBHOOK_SECRETS: JSON.stringify(LOCAL_SOCIAL_WEBHOOK),
      SOCIAL_GRAPH_API_URL: socialPlatform.url,
      SOCIAL_PAGE_ACCESS_TOKEN: LOCAL_PAGE_ACCESS_TOKEN,
    };

    const model = readTemplate(template, { region, publicBaseUrl: apiUrl });
    for (const u of model.unresolved) log(`[local] warning: unresolved template value ${u}`);

    // The clock goes in before any timer is created so every later timer (SDK, library, handlers) is virtual.
    let gateway: Gateway | undefined;
    let engine: StepFunctionsEngine | undefined;
    let streams: StreamPollers | undefined;
    const vclock: VirtualClock = installVirtualClock({
      offsetMs: readClockOffset(clockFile),
      busy: () => handlersInFlight() + (gateway?.busy() ?? 0) + (engine?.busy() ?? 0) + (streams?.busy() ?? 0),
    });
    const saveClock = () => {
      if (clockFile) {
        mkdirSync(dirname(clockFile), { recursive: true });
        writeFileSync(clockFile, JSON.stringify({ offsetMs: Math.max(vclock.offset(), 0) }));
      }
    };
    cleanups.push(() => {
      saveClock();
      vclock.uninstall();
    });

    // Started side by side; whichever comes up is registered for cleanup even if the other fails.
    const started = await Promise.allSettled([
      startDynamoDb({ port: ports.dynamodb, dataDir: dynamoDir, sleep: sleepReal }).then((d) => {
        cleanups.push(() => d.stop());
        return d;
      }),
      startSes(ports.ses, { dataDir: mailDir }).then((s) => {
        cleanups.push(() => s.stop());
        return s;
      }),
    ]);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const dynamoLocal = (started[0] as PromiseFulfilledResult<DynamoDbLocal>).value;
    void (started[1] as PromiseFulfilledResult<SesCatcher>).value;

    const { created } = await ensureTables(dynamoLocal.endpoint, model.tables);
    if (created.length) log(`[local] created tables: ${created.join(', ')}`);

    if (importedWithEnv && JSON.stringify(importedWithEnv) !== JSON.stringify(env)) {
      log('[local] warning: handler modules were imported by an earlier stack with other endpoints; pass the same ports to restart in one process');
    }
    cleanups.push(() => {
      for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
      Object.assign(process.env, savedEnv);
    });
    // LOCAL ONLY: the fake payment provider, on the virtual clock, sending its signed events to the gateway's webhook route.
    const payments = await startFakePaymentProvider({
      port: ports.payments,
      apiKey: LOCAL_PAYMENT_API_KEY,
      webhookSecret: LOCAL_PAYMENT_WEBHOOK_SECRET,
      webhookUrl: `${apiUrl}/webhooks/payments`,
      log,
    });
    cleanups.push(() => payments.stop());
    const paymentEnv = { PAYMENT_PROVIDER_URL: payments.url, PAYMENT_PROVIDER_API_KEY: LOCAL_PAYMENT_API_KEY, PAYMENT_WEBHOOK_SECRETS: LOCAL_PAYMENT_WEBHOOK_SECRET };
    // Insight: KPI facts as partitioned files DuckDB queries (Firehose and Athena on AWS), and the EventBridge
    // PutEvents API delivering case events to REDRESS_WEBHOOKS subscribers with the same headers and a signature.
    const events = await startEventDelivery({ port: ports.events, log });
    cleanups.push(() => events.stop());
    // An in-memory stack's facts live as long as it does, in a directory of its own: one named by its port would
    // be found again, with the facts in it, by a later stack given the same port (tests running side by side).
    const memoryFacts = options.inMemory && !process.env.KPI_FACTS_DIR ? mkdtempSync(join(tmpdir(), 'redress-kpi-')) : undefined;
    if (memoryFacts) cleanups.push(() => rmSync(memoryFacts, { recursive: true, force: true }));
    const insightEnv = {
      // A directory given in the environment wins (tests that bring their own facts).
      KPI_FACTS_DIR: process.env.KPI_FACTS_DIR ?? memoryFacts ?? join(dataDir, 'analytics'),
      AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
    };
    const { loaded, conflicts, failures } = await loadFunctions(model.functions, rootDir, { ...env, ...paymentEnv, ...insightEnv });
    importedWithEnv ??= env;
    for (const c of conflicts) log(`[local] warning: ${c}`);
    if (failures.length) throw new Error(`could not load handlers:\n  ${failures.join('\n  ')}`);

    const byArn = new Map<string, LoadedFunction>();
    for (const f of loaded.values()) byArn.set(f.arn, f);
    // SES's "Email Sent" events, as the configuration set publishes them: each marks its outbox item sent. Those
    // of messages caught before a crash are handled first, before a resumed execution, the stream or the sweep could send them again.
    const mailEvents = startMailEvents({
      rules: model.mailEvents,
      functions: loaded,
      region,
      configurationSet: model.functions.find((f) => f.environment.SES_CONFIGURATION_SET)?.environment.SES_CONFIGURATION_SET ?? 'redress-local',
      positionFile: mailDir && join(mailDir, 'events-handled.json'),
      log,
    });
    onCaughtEmail((email) => mailEvents.caught(email, caughtEmails().length - 1));
    // Clearing the catcher (POST /clear-store) restarts the events' position with it: else mail caught after the
    // clear would be skipped after a crash.
    onStoreCleared(() => mailEvents.cleared());
    cleanups.push(async () => {
      onCaughtEmail(undefined);
      onStoreCleared(undefined);
      await mailEvents.settled();
    });
    await mailEvents.catchUp(caughtEmails());

    // Executions are journaled in the data directory: every change is on disk before it is acknowledged or
    // its side effects start, so a restart, even after a crash, resumes every accepted execution.
    const opened = executionsDir ? ExecutionJournal.open(executionsDir, { log }) : undefined;
    const journal = opened?.journal;
    const previous = opened?.records.length ? opened.records : readExecutions(executionsDir && join(executionsDir, 'executions.json'), log);
    engine = new StepFunctionsEngine({
      region,
      stateMachines: model.stateMachines,
      functions: byArn,
      dynamodbEndpoint: dynamoLocal.endpoint,
      log,
      journal,
      logTransitions: true,
    });
    const eng = engine;
    cleanups.push(() => {
      // The snapshot keeps every running execution; the aborts of the shutdown are not their fate.
      journal?.compact(() => eng.snapshot());
      journal?.close();
      eng.stopAll();
    });
    const { resumed, aborted } = engine.restore(previous);
    // Synchronously after the restore, before any resumed execution moves: the snapshot is the state replayed.
    journal?.compact(() => eng.snapshot());
    if (executionsDir) rmSync(join(executionsDir, 'executions.json'), { force: true });
    if (resumed || aborted) log(`[local] executions from the last run: ${resumed} resumed, ${aborted} could not be resumed`);
    const sfn: StepFunctionsService = await startStepFunctionsService(engine, ports.stepfunctions);
    cleanups.push(() => sfn.stop());

    // The table's change stream, read as Lambda reads it (starts workflows, sends the outbox), positions kept.
    streams = await startStreamPollers({
      endpoint: dynamoLocal.endpoint,
      region,
      mappings: model.streams,
      tables: model.tables,
      functions: loaded,
      dataDir: options.inMemory ? undefined : join(dataDir, 'streams'),
      sleep: sleepReal,
      log,
    });
    const streamPollers = streams;
    cleanups.push(() => streamPollers.stop());

    const schedules = startSchedules(model.schedules, loaded, region, log);
    cleanups.push(() => schedules.stop());
    // The KPI reports' Scheduler schedules run here too, at 07:00 in the policy's zone (one run per local day crossed
    // by a jump, each settled before time moves on).
    const advance = async (ms: number) => {
      // What the stream already holds (a complaint filed just before the jump) is handled at the time it happened.
      await streamPollers.drain();
      schedules.beginJump(Date.now() + ms);
      const t = await vclock.advance(ms).finally(() => schedules.resync());
      await streamPollers.drain();
      saveClock();
      return t;
    };
    const reportClient = new DynamoDBClient({ endpoint: dynamoLocal.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    cleanups.push(() => reportClient.destroy());
    const jump = async (ms: number): Promise<{ now: number; fired: JumpReport }> => {
      const from = new Date(vclock.now()).toISOString();
      const mailBefore = caughtEmails().length;
      const now = await advance(ms);
      const table = model.tables[0]?.tableName;
      const events = table
        ? await firedEvents(reportClient, table, from, new Date(vclock.now() + 1).toISOString()).catch((err: Error) => {
            log(`[local] could not read what the jump fired: ${err.message}`);
            return {};
          })
        : {};
      return { now, fired: { events, emails: firedEmails(caughtEmails(), mailBefore) } };
    };

    // LOCAL ONLY development identity (never deployed): a key pair for this run, tokens with the template's issuer/audience.
    const devIdentity = await createDevIdentity(model, region);
    gateway = await startGateway({
      port: ports.api,
      routes: model.routes,
      functions: loaded,
      webDir: options.webDir ?? join(rootDir, 'web'),
      clock: { ...vclock, advance, jump },
      authorizeJwt: options.authorizeJwt ?? ((route, event) => devIdentity.authorizeJwt(route, event)),
      log,
    });
    const gw = gateway;
    mountDevIdentity(gw.server, devIdentity, (e) => log(`[local] dev-token failed: ${(e as Error).message}`));
    cleanups.push(() => gw.stop());

    // Channels: the S3 endpoint the template's buckets live in, and the SMTP server that feeds the inbound-email function.
    const channels = await startLocalChannels({ ports, dataDir: options.inMemory ? undefined : join(dataDir, 's3'), functions: loaded, now: () => vclock.now(), log });
    cleanups.push(() => channels.stop());

    const urls: LocalStackUrls = {
      api: apiUrl,
      web: `${apiUrl}/`,
      openapi: `${apiUrl}/openapi.json`,
      ses: endpoints.ses,
      sesViewer: `${endpoints.ses}/`,
      sesStore: `${endpoints.ses}/store`,
      dynamodb: endpoints.dynamodb,
      stepfunctions: endpoints.stepfunctions,
      clock: `${apiUrl}/_local/clock`,
      devToken: `${apiUrl}${DEV_TOKEN_PATH}`,
      payments: payments.url,
      s3: channels.s3.url,
      smtp: channels.smtp?.url ?? '',
      social: socialPlatform.url,
    };
    let stopped: Promise<void> | undefined;
    return {
      urls,
      ports,
      env,
      tables: model.tables.map((t) => ({ logicalId: t.logicalId, tableName: t.tableName })),
      stateMachines: model.stateMachines.map((m) => ({ logicalId: m.logicalId, name: m.name, arn: m.arn })),
      functions: model.functions.map((f) => ({ logicalId: f.logicalId, entry: f.entry, environment: f.environment })),
      clock: {
        now: () => vclock.now(),
        offset: () => vclock.offset(),
        advance: (by: number | string) => advance(typeof by === 'number' ? by : parseDuration(by)),
        jump: (by: number | string) => jump(typeof by === 'number' ? by : parseDuration(by)),
      },
      engine,
      streams: { drain: () => streamPollers.drain(), delivered: () => streamPollers.delivered() },
      model,
      policy: model.functions.map((f) => f.environment.POLICY_PRESET).find((p) => p !== undefined),
      pids: { dynamodb: dynamoLocal.process.pid ?? -1 },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
