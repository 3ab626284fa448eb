// Task tokens for `.waitForTaskToken` tasks. aws-local-stepfunctions has no callback pattern of its own: the
// task override parks on a token here until SendTaskSuccess/Failure, and the token expires itself when the
// task's timeout fires (the library's timeout does not cancel the override), so a late or repeated callback
// gets TaskTimedOut exactly as on AWS.
import { randomBytes } from 'node:crypto';
import { StepFunctionsError } from './errors';

type Outcome = 'pending' | 'succeeded' | 'failed' | 'timed-out' | 'aborted';

interface TokenRecord {
  token: string;
  executionArn: string;
  stateName: string;
  outcome: Outcome;
  resolve(output: unknown): void;
  reject(error: Error): void;
  timers: ReturnType<typeof setTimeout>[];
  heartbeat?: { seconds: number; timer?: ReturnType<typeof setTimeout> };
}

/** An error a callback reports; its `name` is what Retry/Catch match. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export class TaskTokens {
  private readonly records = new Map<string, TokenRecord>();

  /** Creates a pending token; the returned promise settles on SendTask* (never on timeout: the task's own
   * timeout wins that race and produces States.Timeout). */
  issue(
    executionArn: string,
    stateName: string,
    timeoutSeconds: number,
    heartbeatSeconds?: number,
    /** an existing token to honour again (an execution resumed after a restart) */
    restoredToken?: string,
  ): { token: string; done: Promise<unknown> } {
    // Prefixed like AWS's tokens: a token starting with '-' would read as an option on the AWS CLI's command line.
    const token = restoredToken ?? `AQ${randomBytes(96).toString('base64url')}`;
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be listening any more when a late failure arrives; never let that become unhandled.
    done.catch(() => undefined);
    const rec: TokenRecord = { token, executionArn, stateName, outcome: 'pending', resolve, reject, timers: [] };
    // Scheduled before the library schedules its own timeout for the same instant, so the token is already
    // expired when States.Timeout is raised and a callback in between cannot succeed.
    rec.timers.push(setTimeout(() => this.finish(rec, 'timed-out'), timeoutSeconds * 1000));
    if (heartbeatSeconds && heartbeatSeconds > 0) {
      rec.heartbeat = { seconds: heartbeatSeconds };
      this.armHeartbeat(rec);
    }
    this.records.set(token, rec);
    return { token, done };
  }

  private armHeartbeat(rec: TokenRecord): void {
    if (!rec.heartbeat) return;
    if (rec.heartbeat.timer) clearTimeout(rec.heartbeat.timer);
    rec.heartbeat.timer = setTimeout(() => {
      if (rec.outcome !== 'pending') return;
      this.finish(rec, 'timed-out');
      rec.reject(new TaskFailure('States.HeartbeatTimeout', `No heartbeat within ${rec.heartbeat?.seconds} seconds`));
    }, rec.heartbeat.seconds * 1000);
  }

  private finish(rec: TokenRecord, outcome: Outcome): void {
    if (rec.outcome !== 'pending') return;
    rec.outcome = outcome;
    for (const t of rec.timers) clearTimeout(t);
    if (rec.heartbeat?.timer) clearTimeout(rec.heartbeat.timer);
  }

  private pending(token: string): TokenRecord {
    const rec = this.records.get(token);
    if (!rec) throw new StepFunctionsError('InvalidToken', 'Invalid Token: the task token is not one this service issued');
    if (rec.outcome !== 'pending') {
      throw new StepFunctionsError('TaskTimedOut', `Task Timed Out: 'Provided task does not exist anymore' (${rec.outcome})`);
    }
    return rec;
  }

  succeed(token: string, output: unknown): void {
    const rec = this.pending(token);
    this.finish(rec, 'succeeded');
    rec.resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    const rec = this.pending(token);
    this.finish(rec, 'failed');
    rec.reject(new TaskFailure(error, cause));
  }

  heartbeat(token: string): void {
    this.armHeartbeat(this.pending(token));
  }

  /** The task's handler failed before anyone could call back: the task fails with the handler's error. */
  failFromHandler(token: string, error: Error): void {
    const rec = this.records.get(token);
    if (!rec || rec.outcome !== 'pending') return;
    this.finish(rec, 'failed');
    rec.reject(error);
  }

  /** StopExecution or shutdown: every pending token of the execution stops accepting callbacks. */
  abortExecution(executionArn: string): void {
    for (const rec of this.records.values()) if (rec.executionArn === executionArn) this.finish(rec, 'aborted');
  }

  /** The execution a token was issued for (undefined for a token this service never issued). */
  executionOf(token: string): string | undefined {
    return this.records.get(token)?.executionArn;
  }

  pendingFor(executionArn: string): { token: string; stateName: string }[] {
    return [...this.records.values()]
      .filter((r) => r.executionArn === executionArn && r.outcome === 'pending')
      .map((r) => ({ token: r.token, stateName: r.stateName }));
  }

  clear(): void {
    for (const rec of this.records.values()) this.finish(rec, 'aborted');
  }
}
