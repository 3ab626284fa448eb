// Runs the template's state machines on aws-local-stepfunctions, one library run per execution, with every
// Task overridden to run in-process: Lambda tasks invoke the handler module named by the function's
// `redress:entry`, `.waitForTaskToken` tasks park on a task token, DynamoDB integrations call DynamoDB Local.
import '../polyfills';
import { randomUUID } from 'node:crypto';
import * as ddb from '@aws-sdk/client-dynamodb';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { invoke, type LoadedFunction } from '../lambda-runtime';
import { LOCAL_ACCOUNT, type LocalStateMachine } from '../template';
import { StepFunctionsError } from './errors';
import type { JournalLine } from './journal';
import { TaskFailure, TaskTokens } from './task-tokens';

/** AWS's default when a Task sets no timeout (about 3 years). */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/** What `$$.Task.Token` evaluates to; the override swaps it for the token it issues. */
const TOKEN_PLACEHOLDER = '__redress_local_task_token__';
/** Parameters key the runtime adds to carry TimeoutSecondsPath's value into the override. */
const TIMEOUT_KEY = '__redress_local_timeout_seconds__';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  /** the top-level state it is in and that state's input (to resume after a restart) */
  current?: { stateName: string; input: Json };
  /** the callback it is parked on, while it waits */
  parked?: Parked;
  /** the wait a callback ended, until the next task starts: what a restart in between must honour */
  answered?: Parked;
  abort(): void;
  /** Settles when the execution stops (any status). */
  finished: Promise<void>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A callback wait; `callback` is what SendTaskSuccess/Failure said, once acknowledged. */
export interface Parked {
  stateName: string;
  token: string;
  deadline: number;
  callback?: { ok: boolean; output?: Json; error?: string; cause?: string };
}
type TaskState = Record<string, unknown> & { Type: 'Task'; Resource: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every Task state by name, including those inside Parallel branches and Map processors. */
function collectTasks(def: Record<string, unknown>, out = new Map<string, TaskState>()): Map<string, TaskState> {
  const states = (def.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, s] of Object.entries(states)) {
    if (s.Type === 'Task') out.set(name, s as TaskState);
    for (const b of (s.Branches as Record<string, unknown>[] | undefined) ?? []) collectTasks(b, out);
    for (const key of ['Iterator', 'ItemProcessor']) if (isRecord(s[key])) collectTasks(s[key] as Record<string, unknown>, out);
  }
  return out;
}

/** Evaluates a reference path ($.a.b[0]['c']) the way TimeoutSecondsPath is evaluated on AWS. */
function referencePath(path: string, input: unknown): unknown {
  const parts = path.replace(/^\$/, '').match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\]/g) ?? [];
  let cur: unknown = input;
  for (const p of parts) {
    const key = p.startsWith('.') ? p.slice(1) : p.startsWith('[') && /^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p.slice(2, -2);
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/**
 * The library's context object is the same for every state of a run, so per-state context is rewritten:
 * `$$.State.Name` becomes a literal, `$$.State.EnteredTime` / `$$.State.RetryCount` are read from
 * `$$.State.ByName['<state>']`, which the execution's AttemptTracker answers.
 */
function inlineStateName(def: Record<string, unknown>): void {
  const rewrite = (template: unknown, name: string): unknown => {
    if (Array.isArray(template)) return template.map((t) => rewrite(t, name));
    if (!isRecord(template)) return template;
    const perState = !name.includes("'") && !name.includes('\\');
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => {
        if (!k.endsWith('.$')) return [k, rewrite(v, name)];
        if (v === '$$.State.Name') return [k.slice(0, -2), name];
        // Per-state values come from the execution's attempt tracker (see StateContext).
        if (perState && (v === '$$.State.EnteredTime' || v === '$$.State.RetryCount')) {
          return [k, `$$.State.ByName['${name}'].${v.slice('$$.State.'.length)}`];
        }
        return [k, v];
      }),
    );
  };
  const states = (def.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, s] of Object.entries(states)) {
    for (const key of ['Parameters', 'ResultSelector', 'ItemSelector']) if (key in s) s[key] = rewrite(s[key], name);
    for (const b of (s.Branches as Record<string, unknown>[] | undefined) ?? []) inlineStateName(b);
    for (const key of ['Iterator', 'ItemProcessor']) if (isRecord(s[key])) inlineStateName(s[key] as Record<string, unknown>);
  }
}

/**
 * Which attempt of a Task state is running, for `$$.State.RetryCount` and `$$.State.EnteredTime`. The library
 * does not say; but a state's Parameters are evaluated immediately before its override is called, and a retry
 * follows a failed attempt, so: after a failure the next call of the same state is a retry (same EnteredTime,
 * RetryCount + 1), otherwise it is a new entry. (A Catch that leads straight back into the same state would be
 * counted as a retry.)
 */
class AttemptTracker {
  private readonly states = new Map<string, { enteredAt: string; retryCount: number; failed: boolean }>();

  /** What the state's next call will be, without recording it (the context getters may be read repeatedly). */
  peek(stateName: string): { EnteredTime: string; RetryCount: number } {
    const s = this.states.get(stateName);
    return s?.failed ? { EnteredTime: s.enteredAt, RetryCount: s.retryCount + 1 } : { EnteredTime: new Date().toISOString(), RetryCount: 0 };
  }

  /** The override was called: records the attempt; returns a function to record how it ended. */
  begin(stateName: string): (failed: boolean) => void {
    const next = this.peek(stateName);
    const rec = { enteredAt: next.EnteredTime, retryCount: next.RetryCount, failed: false };
    this.states.set(stateName, rec);
    return (failed) => {
      rec.failed = failed;
    };
  }

  /** `$$.State.ByName` for the context object. */
  byName(): Record<string, { EnteredTime: string; RetryCount: number }> {
    return new Proxy({} as Record<string, { EnteredTime: string; RetryCount: number }>, {
      get: (_t, name) => (typeof name === 'string' ? this.peek(name) : undefined),
      has: () => true,
      getOwnPropertyDescriptor: (_t, name) =>
        typeof name === 'string' ? { configurable: true, enumerable: true, value: this.peek(name) } : undefined,
    });
  }
}

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)]));
  return value;
}

function toJson(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}

const NAME_RE = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/** What survives a restart of the local stack (written to the data directory). */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: { id: number; previousEventId: number; timestamp: number; type: string; [details: string]: unknown }[];
  current?: { stateName: string; input: Json };
  parked?: Parked;
}

interface Resume {
  stateName: string;
  input: Json;
  parked?: Parked;
}

/** Where the engine records every change before acknowledging it or starting its side effects (journal.ts). */
export interface ExecutionSink {
  append(line: JournalLine): void;
  durable(): Promise<void>;
}

export interface EngineOptions {
  region: string;
  stateMachines: LocalStateMachine[];
  /** loaded handlers by local function ARN */
  functions: Map<string, LoadedFunction>;
  dynamodbEndpoint: string;
  log?: (line: string) => void;
  /** called whenever an execution changes */
  onChange?: () => void;
  /** durable record of every change (none: executions live in memory only) */
  journal?: ExecutionSink;
  /** one line per workflow transition: `execution <name> entered "<state>"` */
  logTransitions?: boolean;
}

export class StepFunctionsEngine {
  readonly tokens = new TaskTokens();
  private readonly machines = new Map<string, LocalStateMachine & { creationDate: Date }>();
  private readonly executions = new Map<string, Execution>();
  private readonly byFunctionName = new Map<string, LoadedFunction>();
  private readonly ddb: ddb.DynamoDBClient;
  private inFlight = 0;

  constructor(private readonly options: EngineOptions) {
    for (const m of options.stateMachines) {
      // Validate once up front so a broken definition is reported at start, not at the first complaint.
      new StateMachine(m.definition as unknown as StateMachineDefinition, { validationOptions: { checkArn: false } });
      this.machines.set(m.arn, { ...m, creationDate: new Date() });
    }
    for (const f of options.functions.values()) {
      this.byFunctionName.set(f.functionName, f);
      this.byFunctionName.set(f.arn, f);
    }
    this.ddb = new ddb.DynamoDBClient({
      endpoint: options.dynamodbEndpoint,
      region: options.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /** Task work currently running in-process (the virtual clock waits for it between timers). */
  busy(): number {
    return this.inFlight;
  }

  private journal(line: JournalLine): void {
    this.options.journal?.append(line);
  }

  /** Resolves once every change so far is durable (at once without a journal). */
  durable(): Promise<void> {
    return this.options.journal?.durable() ?? Promise.resolve();
  }

  /** SendTaskSuccess: completes the wait and records the callback, so a restart honours what was acknowledged. */
  succeedTask(token: string, output: unknown): void {
    const executionArn = this.tokens.executionOf(token);
    this.tokens.succeed(token, output);
    this.recordCallback(executionArn, token, { ok: true, output: toJson(output) });
  }

  /** SendTaskFailure, recorded the same way. */
  failTask(token: string, error: string, cause: string): void {
    const executionArn = this.tokens.executionOf(token);
    this.tokens.fail(token, error, cause);
    this.recordCallback(executionArn, token, { ok: false, error, cause });
  }

  private recordCallback(executionArn: string | undefined, token: string, callback: NonNullable<Parked['callback']>): void {
    const e = executionArn ? this.executions.get(executionArn) : undefined;
    if (!e) return;
    if (e.parked?.token === token) {
      e.answered = { ...e.parked, callback };
      e.parked = undefined;
    }
    this.journal({ t: 'cb', arn: e.executionArn, token, callback });
  }

  listStateMachines(): (LocalStateMachine & { creationDate: Date })[] {
    return [...this.machines.values()];
  }

  describeStateMachine(arn: string): LocalStateMachine & { creationDate: Date } {
    const m = this.machines.get(arn);
    if (!m) throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  describeExecution(arn: string): Execution {
    const e = this.executions.get(arn);
    if (!e) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  listExecutions(stateMachineArn: string, status?: ExecutionStatus): Execution[] {
    this.describeStateMachine(stateMachineArn);
    return [...this.executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (!status || e.status === status))
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  stopExecution(arn: string, error?: string, cause?: string): Date {
    const e = this.describeExecution(arn);
    if (e.status === 'RUNNING') {
      e.status = 'ABORTED';
      e.stopDate = new Date();
      e.error = error;
      e.cause = cause;
      this.tokens.abortExecution(arn);
      e.abort();
      this.journal({ t: 'end', arn, status: 'ABORTED', stopDate: e.stopDate.getTime(), error, cause });
    }
    return e.stopDate ?? new Date();
  }

  /** StartExecution: the name is idempotent (same name and input while running returns the same execution). */
  startExecution(stateMachineArn: string, name: string | undefined, input: string | undefined): Execution {
    const machine = this.describeStateMachine(stateMachineArn);
    const execName = name ?? randomUUID();
    if (!NAME_RE.test(execName)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${execName}'`);
    const inputText = input ?? '{}';
    let parsed: Json;
    try {
      parsed = JSON.parse(inputText) as Json;
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }
    const executionArn = `arn:aws:states:${this.options.region}:${LOCAL_ACCOUNT}:execution:${machine.name}:${execName}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution = this.run(machine, executionArn, execName, inputText, parsed);
    this.executions.set(executionArn, execution);
    this.journal({ t: 'start', arn: executionArn, stateMachineArn, name: execName, input: inputText, startDate: execution.startDate.getTime() });
    return execution;
  }

  private run(machine: LocalStateMachine, executionArn: string, name: string, inputText: string, input: Json, resume?: Resume, prior?: Partial<Execution>): Execution {
    // Each execution gets its own copy of the definition: task timeouts are set on it per invocation.
    const definition = structuredClone(machine.definition) as Record<string, unknown>;
    if (resume) definition.StartAt = resume.stateName;
    inlineStateName(definition);
    const tasks = collectTasks(definition);
    const original = new Map<string, { seconds?: number; path?: string; heartbeat?: number }>();
    for (const [stateName, s] of tasks) {
      original.set(stateName, {
        seconds: typeof s.TimeoutSeconds === 'number' ? s.TimeoutSeconds : undefined,
        path: typeof s.TimeoutSecondsPath === 'string' ? s.TimeoutSecondsPath : undefined,
        heartbeat: typeof s.HeartbeatSeconds === 'number' ? s.HeartbeatSeconds : undefined,
      });
      // The library evaluates TimeoutSecondsPath against the Parameters output (AWS uses the state input)
      // and defaults to 60 s; the override sets the right number just before the library reads it.
      if (typeof s.TimeoutSecondsPath === 'string' && isRecord(s.Parameters)) {
        // Evaluated by the library with the rest of Parameters, against the state's (effective) input.
        s.Parameters = { ...s.Parameters, [`${TIMEOUT_KEY}.$`]: s.TimeoutSecondsPath };
      }
      delete s.TimeoutSecondsPath;
      delete s.HeartbeatSeconds;
      delete s.HeartbeatSecondsPath;
      s.TimeoutSeconds = DEFAULT_TASK_TIMEOUT_SECONDS;
    }
    const sm = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
    const startDate = prior?.startDate ?? new Date();
    const execution: Execution = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input: inputText,
      status: 'RUNNING',
      startDate,
      history: prior?.history ?? [],
      // Known from the start when resumed, so a snapshot taken before the library re-enters the state keeps them.
      current: resume ? { stateName: resume.stateName, input: resume.input } : undefined,
      parked: resume?.parked?.callback ? undefined : resume?.parked,
      answered: resume?.parked?.callback ? resume.parked : undefined,
      abort: () => undefined,
      finished: Promise.resolve(),
    };
    const overrides: Record<string, (input: unknown) => Promise<Json>> = {};
    const attempts = new AttemptTracker();
    let restore = resume?.parked;
    for (const [stateName, state] of tasks) {
      overrides[stateName] = (taskInput: unknown) => {
        const ended = attempts.begin(stateName);
        let result: Promise<Json>;
        if (restore && restore.stateName === stateName) {
          // Resumed while parked on a callback: honour the same token for the time that was left.
          const parked = restore;
          restore = undefined;
          result = this.parkAgain(execution, state, parked);
        } else {
          // The history consumer runs behind the library, so the end of a wait is marked here, where the next
          // task actually starts (a new attempt of the same wait included), not at its StateEntered event.
          if (execution.parked || execution.answered) {
            execution.parked = undefined;
            execution.answered = undefined;
            this.journal({ t: 'unpark', arn: execution.executionArn });
          }
          result = this.runTask(execution, stateName, state, original.get(stateName)!, taskInput);
        }
        result.then(
          () => ended(false),
          () => ended(true),
        );
        return result;
      };
    }
    const topLevel = new Set(Object.keys(definition.States as Record<string, unknown>));
    const runInput = resume ? resume.input : input;
    const handle = sm.run(runInput, {
      overrides: { taskResourceLocalHandlers: overrides },
      context: {
        Execution: { Id: executionArn, Name: name, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`, RedriveCount: 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
        // Task states read these per state (rewritten to ByName, see inlineStateName); other states get the
        // time their Parameters are evaluated, i.e. when they are entered, and 0.
        State: {
          get EnteredTime() {
            return new Date().toISOString();
          },
          RetryCount: 0,
          ByName: attempts.byName(),
        },
      },
    });
    execution.abort = handle.abort;
    void this.recordHistory(execution, handle.eventLogs as unknown as AsyncGenerator<Record<string, unknown>>, topLevel, !!resume);
    execution.finished = handle.result.then(
      (output) => {
        this.options.onChange?.();
        if (execution.status !== 'RUNNING') return;
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output ?? null);
        execution.stopDate = new Date();
        this.journal({ t: 'end', arn: executionArn, status: 'SUCCEEDED', stopDate: execution.stopDate.getTime(), output: execution.output });
        if (this.options.logTransitions) this.options.log?.(`[workflow] ${name} SUCCEEDED`);
      },
      (err: unknown) => {
        this.tokens.abortExecution(executionArn);
        this.options.onChange?.();
        if (execution.status !== 'RUNNING') return;
        const e = err as Error & { cause?: unknown };
        execution.stopDate = new Date();
        if (e.name === 'ExecutionAbortedError') execution.status = 'ABORTED';
        else if (e.name === 'ExecutionTimeoutError') {
          execution.status = 'TIMED_OUT';
          execution.error = 'States.Timeout';
        } else {
          execution.status = 'FAILED';
          const inner = e.cause instanceof Error ? e.cause : e;
          execution.error = inner.name;
          execution.cause = inner.message;
        }
        this.journal({ t: 'end', arn: executionArn, status: execution.status, stopDate: execution.stopDate.getTime(), error: execution.error, cause: execution.cause });
        this.options.log?.(`execution ${name} ${execution.status}${execution.error ? `: ${execution.error}` : ''}`);
      },
    );
    return execution;
  }

  private async recordHistory(execution: Execution, events: AsyncGenerator<Record<string, unknown>>, topLevel: Set<string>, resumed: boolean): Promise<void> {
    // A resumed execution re-enters the state it was in: that is not a new transition (and keeps its wait).
    let reentry = resumed;
    const push = (type: string, details: Record<string, unknown>, timestamp: number) => {
      const id = execution.history.length + 1;
      execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(timestamp), type, ...details });
      this.journal({ t: 'ev', arn: execution.executionArn, ev: { id, previousEventId: id - 1, timestamp, type, ...details } });
      this.options.onChange?.();
    };
    for await (const ev of events) {
      const ts = Number(ev.timestamp);
      const state = ev.state as { name: string; type: string; input?: unknown; output?: unknown } | undefined;
      if (reentry && ev.type === 'StateEntered' && state && ev.index === undefined) {
        reentry = false;
        continue;
      }
      if (ev.type === 'StateEntered' && state && topLevel.has(state.name) && ev.index === undefined) {
        execution.current = { stateName: state.name, input: toJson(state.input) };
        this.journal({ t: 'cur', arn: execution.executionArn, stateName: state.name, input: execution.current.input });
        if (this.options.logTransitions) this.options.log?.(`[workflow] ${execution.name} → ${state.name}`);
      }
      switch (ev.type) {
        case 'ExecutionStarted':
          if (resumed) break;
          push('ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(ev.input), inputDetails: { truncated: false }, roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local` } }, ts);
          break;
        case 'StateEntered':
          push(`${state!.type}StateEntered`, { stateEnteredEventDetails: { name: state!.name, input: JSON.stringify(state!.input ?? null), inputDetails: { truncated: false } } }, ts);
          break;
        case 'StateExited':
          push(`${state!.type}StateExited`, { stateExitedEventDetails: { name: state!.name, output: JSON.stringify(state!.output ?? null), outputDetails: { truncated: false } } }, ts);
          break;
        case 'StateFailed': {
          const error = String(ev.Error);
          const cause = typeof ev.Cause === 'string' ? ev.Cause : JSON.stringify(ev.Cause ?? '');
          if (state!.type === 'Task') {
            push(error === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed', {
              [error === 'States.Timeout' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: { resourceType: 'lambda', resource: state!.name, error, cause },
            }, ts);
          }
          break;
        }
        case 'ExecutionSucceeded':
          push('ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(ev.output ?? null), outputDetails: { truncated: false } } }, ts);
          break;
        case 'ExecutionFailed':
          push('ExecutionFailed', { executionFailedEventDetails: { error: String(ev.Error), cause: typeof ev.Cause === 'string' ? ev.Cause : JSON.stringify(ev.Cause ?? '') } }, ts);
          return;
        case 'ExecutionAborted':
          push('ExecutionAborted', { executionAbortedEventDetails: { error: execution.error, cause: execution.cause } }, ts);
          return;
        case 'ExecutionTimeout':
          push('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } }, ts);
          return;
      }
      if (ev.type === 'ExecutionSucceeded') return;
    }
  }

  /**
   * The override for one Task. Runs synchronously up to the point the library reads the state's timeout,
   * so setting `state.TimeoutSeconds` here is what the library's own timer uses (a genuine States.Timeout).
   */
  private runTask(
    execution: Execution,
    stateName: string,
    state: TaskState,
    timeout: { seconds?: number; path?: string; heartbeat?: number },
    input: unknown,
  ): Promise<Json> {
    const resource = state.Resource;
    let seconds = timeout.seconds;
    if (seconds === undefined && timeout.path) {
      let raw: unknown;
      if (isRecord(input) && TIMEOUT_KEY in input) {
        const { [TIMEOUT_KEY]: fromParameters, ...rest } = input;
        raw = fromParameters;
        input = rest;
      } else raw = referencePath(timeout.path, input); // no Parameters: the override sees the state input
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
        return Promise.reject(
          Object.assign(new Error(`TimeoutSecondsPath ${timeout.path} did not resolve to a positive integer (got ${JSON.stringify(raw)})`), {
            name: 'States.Runtime',
          }),
        );
      }
      seconds = raw;
    }
    const timeoutSeconds = seconds ?? DEFAULT_TASK_TIMEOUT_SECONDS;
    state.TimeoutSeconds = timeoutSeconds;

    const m = /^arn:aws[\w-]*:states:::(aws-sdk:[\w-]+|[\w-]+):([\w-]+)(?:\.(waitForTaskToken|sync(?::2)?))?$/.exec(resource);
    const isLambdaArn = /^arn:aws[\w-]*:lambda:/.test(resource);
    const pattern = m?.[3];
    const service = m?.[1];
    this.inFlight++;
    const done = (p: Promise<Json>) =>
      p.finally(() => {
        this.inFlight--;
      });

    if (pattern === 'waitForTaskToken') {
      const { token, done: callback } = this.tokens.issue(execution.executionArn, stateName, timeoutSeconds, timeout.heartbeat);
      const payload = replaceDeep(input, TOKEN_PLACEHOLDER, token);
      if (service === 'lambda' && m?.[2] === 'invoke') {
        const params = payload as { FunctionName?: string; Payload?: unknown };
        const fn = this.functionFor(params.FunctionName);
        // The handler registers the token (e.g. on the case) and returns; the task completes on the callback.
        // The token reaches the case only once the wait it belongs to is on disk: a restart must know it.
        void this.durable()
          .then(() => invoke(fn, params.Payload ?? {}))
          .catch((err: Error) => this.tokens.failFromHandler(token, err));
      } else {
        this.tokens.failFromHandler(token, Object.assign(new Error(`${resource} is not supported locally`), { name: 'States.Runtime' }));
      }
      this.inFlight--; // parked on a callback: nothing is running in-process until someone calls back
      execution.parked = { stateName, token, deadline: Date.now() + timeoutSeconds * 1000 };
      this.journal({ t: 'park', arn: execution.executionArn, parked: execution.parked });
      this.options.onChange?.();
      return callback.then(toJson).finally(() => {
        // A timeout or a failure ends the wait too (a callback already moved it to `answered`).
        if (execution.parked?.token === token) execution.parked = undefined;
      });
    }
    // A task's side effects start only once the state it belongs to is durable (a restart re-runs it, as a
    // Lambda retry would, rather than forgetting it ran).
    if (isLambdaArn) {
      const fn = this.functionFor(resource);
      return done(this.durable().then(() => invoke(fn, input)).then(toJson));
    }
    if (service === 'lambda' && m?.[2] === 'invoke') {
      const params = input as { FunctionName?: string; Payload?: unknown };
      const fn = this.functionFor(params.FunctionName);
      return done(
        this.durable().then(() => invoke(fn, params.Payload ?? {})).then((result) => ({
          ExecutedVersion: '$LATEST',
          Payload: toJson(result),
          SdkHttpMetadata: { HttpHeaders: {}, HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: randomUUID() },
          StatusCode: 200,
        })),
      );
    }
    if (service === 'dynamodb' || service === 'aws-sdk:dynamodb') {
      return done(this.durable().then(() => this.dynamodb(service, m?.[2] ?? '', input)));
    }
    this.inFlight--;
    return Promise.reject(Object.assign(new Error(`Task resource ${resource} is not supported by the local runtime`), { name: 'States.Runtime' }));
  }

  private functionFor(nameOrArn: string | undefined): LoadedFunction {
    const key = String(nameOrArn ?? '').replace(/:(\$LATEST|\d+)$/, '');
    const fn = this.byFunctionName.get(key);
    if (!fn) throw Object.assign(new Error(`No local handler for function ${nameOrArn}`), { name: 'Lambda.ResourceNotFoundException' });
    return fn;
  }

  private async dynamodb(service: string, action: string, input: unknown): Promise<Json> {
    const commandName = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
    const Command = (ddb as unknown as Record<string, new (i: unknown) => ddb.ListTablesCommand>)[commandName];
    if (!Command) throw Object.assign(new Error(`Unknown DynamoDB action ${action}`), { name: 'States.Runtime' });
    try {
      const out = (await this.ddb.send(new Command(input))) as unknown as Record<string, unknown>;
      const { $metadata: _meta, ...rest } = out;
      void _meta;
      return toJson(rest);
    } catch (err) {
      const e = err as Error;
      const prefix = service === 'dynamodb' ? 'DynamoDB' : 'DynamoDb';
      throw Object.assign(new Error(e.message), { name: `${prefix}.${e.name}` });
    }
  }

  private parkAgain(execution: Execution, state: TaskState, parked: Parked): Promise<Json> {
    if (parked.callback) {
      execution.parked = undefined;
      execution.answered = parked;
      // The callback came, and was acknowledged, before the restart: the wait ends the way its caller was told.
      state.TimeoutSeconds = DEFAULT_TASK_TIMEOUT_SECONDS;
      const c = parked.callback;
      return c.ok ? Promise.resolve(c.output ?? null) : Promise.reject(new TaskFailure(c.error ?? 'States.TaskFailed', c.cause ?? ''));
    }
    // A deadline already passed while the stack was down times out at once (the library needs a non-zero value).
    const remainingSeconds = Math.max((parked.deadline - Date.now()) / 1000, 0.001);
    state.TimeoutSeconds = remainingSeconds;
    const { done } = this.tokens.issue(execution.executionArn, parked.stateName, remainingSeconds, undefined, parked.token);
    execution.parked = parked;
    return done.then(toJson).finally(() => {
      if (execution.parked?.token === parked.token) execution.parked = undefined;
    });
  }

  /** Every execution as plain data, for the data directory. */
  snapshot(): ExecutionRecord[] {
    return [...this.executions.values()].map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      input: e.input,
      status: e.status,
      startDate: e.startDate.getTime(),
      stopDate: e.stopDate?.getTime(),
      output: e.output,
      error: e.error,
      cause: e.cause,
      history: e.history.map((h) => ({ ...h, timestamp: h.timestamp.getTime() })),
      current: e.status === 'RUNNING' ? e.current : undefined,
      parked: e.status === 'RUNNING' ? (e.parked ?? e.answered) : undefined,
    }));
  }

  /**
   * Brings back the executions of an earlier run. Finished ones are kept for Describe/List/History; running
   * ones continue from the top-level state they were in (a parked callback keeps its token and its deadline;
   * a Task that was running runs again, as a Lambda retry would). One that cannot be resumed is aborted
   * with error Local.Restarted rather than reported as running while nothing runs.
   */
  restore(records: ExecutionRecord[]): { resumed: number; aborted: number } {
    let resumed = 0;
    let aborted = 0;
    for (const r of records) {
      const base = {
        ...r,
        startDate: new Date(r.startDate),
        stopDate: r.stopDate === undefined ? undefined : new Date(r.stopDate),
        history: r.history.map((h): HistoryEvent => ({ ...h, timestamp: new Date(h.timestamp) })),
        abort: () => undefined,
        finished: Promise.resolve(),
      } satisfies Execution;
      const machine = this.machines.get(r.stateMachineArn);
      if (r.status !== 'RUNNING') {
        this.executions.set(r.executionArn, base);
        continue;
      }
      const states = (machine?.definition.States ?? {}) as Record<string, unknown>;
      if (machine && !r.current) {
        // Accepted, but no state was durably entered: nothing ran yet, so it starts from the beginning.
        let input: Json;
        try {
          input = JSON.parse(r.input) as Json;
        } catch {
          input = {};
        }
        this.executions.set(r.executionArn, this.run(machine, r.executionArn, r.name, r.input, input, undefined, { ...base, history: [] }));
        resumed++;
        continue;
      }
      if (!machine || !r.current || !(r.current.stateName in states)) {
        this.executions.set(r.executionArn, { ...base, status: 'ABORTED', stopDate: new Date(), error: 'Local.Restarted', cause: 'the local stack restarted and this execution could not be resumed' });
        aborted++;
        continue;
      }
      const parked = r.parked && r.parked.stateName === r.current.stateName ? r.parked : undefined;
      const execution = this.run(machine, r.executionArn, r.name, r.input, null, { stateName: r.current.stateName, input: r.current.input, parked }, base);
      this.executions.set(r.executionArn, execution);
      resumed++;
    }
    return { resumed, aborted };
  }

  /** Aborts every running execution (shutdown). */
  stopAll(): void {
    for (const e of this.executions.values()) if (e.status === 'RUNNING') this.stopExecution(e.executionArn, 'Local.Shutdown', 'the local stack stopped');
    this.tokens.clear();
    this.ddb.destroy();
  }
}
