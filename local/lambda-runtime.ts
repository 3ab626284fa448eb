// Loads the handler modules named by the template's `redress:entry` metadata and invokes them in-process the
// way Lambda would: with the function's own environment set before its module is first imported (handlers
// read config at module scope), a Lambda context, and errors shaped like Lambda's (errorType/errorMessage).
import { randomUUID } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { LocalFunction } from './template';

export type Handler = (event: unknown, context: Context) => unknown;

export interface LoadedFunction extends LocalFunction {
  handler: Handler;
}

/** Thrown for a handler failure; `name` is what Step Functions matches in Retry/Catch. */
export class LambdaError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly trace: string[] = [],
  ) {
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
  }
}

/** Decides, per invocation, whether to throw this error instead of running the handler (the fault suite's hook). */
export type InvokeFault = (f: LocalFunction, event: unknown) => Error | undefined;
let invokeFault: InvokeFault | undefined;
/** Makes chosen invocations throw, as a crashing Lambda would; `undefined` lifts the fault. For tests only. */
export function injectInvokeFault(fault: InvokeFault | undefined): void {
  invokeFault = fault;
}

let inFlight = 0;
/** Number of handler invocations currently running (the virtual clock waits for 0 between timers). */
export const handlersInFlight = (): number => inFlight;

/**
 * Imports every function's module with process.env already holding the base environment plus the union of
 * all functions' variables: handlers and the adapters they share read config at module scope, and a shared
 * module is evaluated only once, so it must see every variable from the start. A variable two functions set
 * differently is reported (the process has one environment).
 */
export async function loadFunctions(
  functions: LocalFunction[],
  rootDir: string,
  baseEnv: Record<string, string>,
): Promise<{ loaded: Map<string, LoadedFunction>; conflicts: string[]; failures: string[] }> {
  const loaded = new Map<string, LoadedFunction>();
  const conflicts: string[] = [];
  const failures: string[] = [];
  const union: Record<string, string> = {};
  for (const f of functions) {
    for (const [k, v] of Object.entries(f.environment)) {
      if (k in union && union[k] !== v) conflicts.push(`${k} differs between functions (${f.logicalId}); the process shares one environment`);
      union[k] = v;
    }
  }
  Object.assign(process.env, union, baseEnv);
  for (const f of functions) {
    const url = pathToFileURL(resolvePath(rootDir, f.entry)).href;
    try {
      const mod = (await import(url)) as Record<string, unknown>;
      const h = mod[f.exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[f.exportName];
      if (typeof h !== 'function') throw new Error(`${f.entry} exports no function "${f.exportName}"`);
      loaded.set(f.logicalId, { ...f, handler: h as Handler });
    } catch (err) {
      failures.push(`${f.entry}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { loaded, conflicts, failures };
}

function contextFor(f: LocalFunction, startedAt: number): Context {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: f.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: f.arn,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${f.functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(f.timeoutSeconds * 1000 - (Date.now() - startedAt), 0),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes a handler; a thrown error becomes a LambdaError carrying its name as Lambda's errorType. */
export async function invoke(f: LoadedFunction, event: unknown): Promise<unknown> {
  inFlight++;
  try {
    const injected = invokeFault?.(f, event);
    if (injected) throw injected;
    return await f.handler(event, contextFor(f, Date.now()));
  } catch (err) {
    if (err instanceof LambdaError) throw err;
    const e = err instanceof Error ? err : new Error(String(err));
    throw new LambdaError(e.name || 'Error', e.message, (e.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim()));
  } finally {
    inFlight--;
  }
}
