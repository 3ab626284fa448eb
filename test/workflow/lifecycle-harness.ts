import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stackPersonalKeys } from '../../local/stack-personal-keys';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { SfnTaskCallbacks } from '../../functions/adapters/sfn-task-callbacks';
import { executionArnOf, SfnWorkflowStarter } from '../../functions/adapters/sfn-workflow-starter';
import { policyBook } from '../../functions/core/policy-book';
import type { TaskCallbacks } from '../../functions/core/ports';
import { actOnCase, type Acted, type ActOnCaseDeps } from '../../functions/core/use-cases/act-on-case';
import { fileComplaint } from '../../functions/core/use-cases/file-complaint';
import { executionName, MAX_RESTARTS } from '../../functions/core/use-cases/reconcile';
import type { Action, Actor } from '../../functions/domain/lifecycle';
import { loadPolicy, type Policy } from '../../functions/domain/policy';
import type { Case } from '../../functions/domain/case';
import { synthTemplate } from '../../infra/synth';
import { startLocalStack, type LocalStack } from '../../local/stack';
import type { HistoryEvent } from '../../local/stepfunctions/engine';
import { testCustomerIndex } from '../support/customer-index';

/**
 * The complaint workflow on the local stack: the synthesized template's ASL on the local Step Functions engine,
 * the real task handlers, DynamoDB Local, the SES catcher, the virtual clock. Complaints are filed and actions taken
 * through the same use cases the API handlers call (fileComplaint, actOnCase) with the same adapters.
 */

const realSetTimeout = globalThis.setTimeout;
const sleepReal = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

export interface CaughtEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

export const SUPERVISOR = 'supervisors@example.com';

export class LifecycleHarness {
  readonly policy: Policy;
  readonly store: DynamoCaseStore;
  /**
   * The store {@link load} and {@link settle} read through: its own client and key cache, so the polling of a test or
   * bench is not metered as the actions' reads (bench/capacity-meter.ts meters `store`'s) and warms no key of theirs.
   */
  private readonly reader: DynamoCaseStore;
  readonly sfn: SFNClient;
  private readonly deps: ActOnCaseDeps;
  private readonly starter: SfnWorkflowStarter;
  /** Tokens the last action completed (what it sent with SendTaskSuccess). */
  private completed: { output: Record<string, unknown> }[] = [];
  /** What the next action's callback carries: the next step (as the handlers do) or only the case id. */
  private output: 'next' | 'caseId' = 'next';

  private constructor(
    readonly stack: LocalStack,
    preset: string,
  ) {
    this.policy = loadPolicy(preset);
    const common = { region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ ...common, endpoint: stack.urls.dynamodb }), { marshallOptions: { removeUndefinedValues: true } });
    this.sfn = new SFNClient({ ...common, endpoint: stack.urls.stepfunctions });
    this.store = new DynamoCaseStore(doc, this.table, testCustomerIndex, stackPersonalKeys(stack, doc));
    const probe = DynamoDBDocumentClient.from(new DynamoDBClient({ ...common, endpoint: stack.urls.dynamodb }), { marshallOptions: { removeUndefinedValues: true } });
    this.reader = new DynamoCaseStore(probe, this.table, testCustomerIndex, stackPersonalKeys(stack, probe));
    const mailer = new SesMailer(new SESv2Client({ ...common, endpoint: stack.urls.ses }), 'complaints@example.com', 'redress-dev');
    const sfnCallbacks = new SfnTaskCallbacks(this.sfn);
    const callbacks: TaskCallbacks = {
      complete: (token, output) => {
        const sent = this.output === 'next' ? output : { caseId: output.caseId };
        this.completed.push({ output: sent });
        return sfnCallbacks.complete(token, sent);
      },
    };
    this.starter = new SfnWorkflowStarter(this.sfn, this.machineArn);
    this.deps = { policies: policyBook(this.policy), store: this.store, callbacks, notifier: new PolicyNotifier(mailer, 'http://127.0.0.1', SUPERVISOR), now: () => new Date() };
  }

  static async start(preset: string): Promise<LifecycleHarness> {
    const template = synthTemplate({ policyPreset: preset, supervisorAddress: SUPERVISOR });
    const stack = await startLocalStack({ template, ports: 0, inMemory: true, log: () => undefined });
    return new LifecycleHarness(stack, preset);
  }

  get table(): string {
    return this.stack.tables[0]!.tableName;
  }
  get machineArn(): string {
    return this.stack.stateMachines[0]!.arn;
  }
  executionArn(name: string): string {
    return executionArnOf(this.machineArn, name);
  }

  /** A complaint filed as intake files it, at the virtual now, and its execution started (name = case id). */
  async open(category: string, email = 'ada@example.com', details: Record<string, unknown> = {}): Promise<string> {
    const filed = await fileComplaint(
      { policies: this.deps.policies, store: this.store, publicBaseUrl: 'http://127.0.0.1', now: () => new Date(), newId: () => crypto.randomUUID() },
      { customer: { name: 'Ada Obi', email }, category, subject: 'Withdrawal not received', description: 'I withdrew on Saturday and nothing arrived.', details },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    // As the change stream does for the new case item (a second start, the stream's, is a no-op).
    await this.starter.start(filed.body.id);
    await this.settle(filed.body.id);
    return filed.body.id;
  }

  /**
   * A staff or customer action through the use case the action handlers call. `callback` says whether it woke
   * the workflow (SendTaskSuccess with the token it took).
   */
  async act(id: string, action: Action, actor: Actor, output: 'next' | 'caseId' = 'next'): Promise<{ outcome: Acted; callback: 'sent' | 'none' }> {
    this.completed = [];
    this.output = output;
    const outcome = await actOnCase(this.deps, id, actor, action);
    const callback = this.completed.length ? 'sent' : 'none';
    await this.settle(id);
    return { outcome, callback };
  }

  /** Sends a callback with a token (a late or repeated one), answering the SFN error name or 'ok'. */
  async sendTaskSuccess(token: string): Promise<string> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
      return 'ok';
    } catch (e) {
      return (e as Error).name;
    }
  }

  /** Jumps the virtual clock, firing every timeout on the way in order, then lets the machine settle. */
  async advance(duration: string | number, id?: string): Promise<void> {
    await this.stack.clock.advance(typeof duration === 'number' ? duration : duration);
    if (id) await this.settle(id);
  }

  /** Waits (real time, up to `ms`) until the execution is parked on a callback or has stopped, and the engine is idle. */
  async settle(id: string, execution = id, ms = 20_000): Promise<void> {
    const deadline = performance.now() + ms;
    for (;;) {
      const e = this.stack.engine.describeExecution(this.executionArn(execution));
      // Read the parked state before awaiting: the engine moves the execution on meanwhile.
      const parkedOn = e.parked?.stateName;
      const parked = parkedOn !== undefined && (await this.load(id)).tasks[stepOfParked(parkedOn)] !== undefined;
      if ((e.status !== 'RUNNING' || parked) && this.stack.engine.busy() === 0) return;
      if (performance.now() > deadline) throw new Error(`execution ${id} did not settle (in ${e.current?.stateName ?? '?'})`);
      await sleepReal(20);
    }
  }

  /**
   * Settles the case's latest execution, the reconciler's last restart (`<id>-r1`, `-r2`, …) if it made any. A restart
   * after a jump runs on real time, its task retries' backoff included (2 + 4 + 8 s at most), hence the longer bound.
   */
  async settleLatest(id: string): Promise<void> {
    let latest = id;
    for (let attempt = 1; attempt <= MAX_RESTARTS && this.hasExecution(executionName(id, attempt)); attempt++) latest = executionName(id, attempt);
    await this.settle(id, latest, 60_000);
  }

  hasExecution(name: string): boolean {
    try {
      this.execution(name);
      return true;
    } catch {
      return false;
    }
  }
  execution(name: string) {
    return this.stack.engine.describeExecution(this.executionArn(name));
  }
  /** Where the execution waits now (the wait state's name), or its final status. */
  where(id: string, execution = id): string {
    const e = this.execution(execution);
    return e.status === 'RUNNING' ? (e.parked?.stateName ?? e.current?.stateName ?? '?') : `${e.status}: ${lastEntered(e.history)}`;
  }
  /** Names of the states entered, in order (from the engine's event log). */
  statesEntered(id: string): string[] {
    return this.execution(id)
      .history.filter((h) => h.type.endsWith('StateEntered'))
      .map((h) => String((h.stateEnteredEventDetails as { name?: string } | undefined)?.name ?? h.name ?? '?'));
  }
  /** State transitions billed by Step Functions Standard: one per state entered. */
  transitions(id: string): number {
    return this.execution(id).history.filter((h) => h.type.endsWith('StateEntered')).length;
  }

  async load(id: string): Promise<Case> {
    const theCase = await this.reader.get(id);
    if (!theCase) throw new Error(`no case ${id}`);
    return theCase;
  }

  async mail(): Promise<CaughtEmail[]> {
    const res = await fetch(this.stack.urls.sesStore);
    return ((await res.json()) as { emails: CaughtEmail[] }).emails;
  }
  async mailTo(address: string): Promise<CaughtEmail[]> {
    return (await this.mail()).filter((m) => m.destination.to.includes(address));
  }

  /**
   * Replaces a task handler (by its entry file) with a wrapper of the real one, e.g. to fail a few times; returns
   * the undo. The engine keeps the loaded function objects, so the swap is seen by the next invocation.
   */
  wrapHandler(entry: string, wrap: (real: (event: unknown, context: unknown) => Promise<unknown>) => (event: unknown, context: unknown) => Promise<unknown>): () => void {
    const fns = this.stack.engine['options'].functions as Map<string, { entry: string; handler: (event: unknown, context: unknown) => Promise<unknown> }>;
    const fn = [...fns.values()].find((f) => f.entry === entry);
    if (!fn) throw new Error(`no loaded function for ${entry}`);
    const real = fn.handler;
    fn.handler = wrap(real);
    return () => {
      fn.handler = real;
    };
  }

  /** Invokes a task handler directly, as a Lambda retry would (same event again). */
  async invoke(entry: string, event: unknown): Promise<unknown> {
    const fns = this.stack.engine['options'].functions as Map<string, { entry: string; handler: (event: unknown, context: unknown) => Promise<unknown> }>;
    const fn = [...fns.values()].find((f) => f.entry === entry);
    if (!fn) throw new Error(`no loaded function for ${entry}`);
    return fn.handler(event, {});
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }
}

const STEP_OF_WAIT: Record<string, string> = {
  'Await first response': 'firstResponse',
  'Await resolution': 'resolution',
  'Await customer information': 'customerInfo',
  'Await customer verdict': 'customerVerdict',
  'Senior review': 'seniorReview',
  'Dispute Resolution Team review': 'disputeReview',
};
const stepOfParked = (stateName: string) => STEP_OF_WAIT[stateName] ?? stateName;

function lastEntered(history: HistoryEvent[]): string {
  const entered = history.filter((h) => h.type.endsWith('StateEntered'));
  const last = entered[entered.length - 1];
  return String((last?.stateEnteredEventDetails as { name?: string } | undefined)?.name ?? '?');
}

export const agent = (staffId = 'agent-1'): Actor => ({ role: 'agent', staffId });
export const senior = (staffId = 'senior-1'): Actor => ({ role: 'senior', staffId });
export const drt = (staffId = 'drt-1'): Actor => ({ role: 'dispute_team', staffId });
export const customerOf = (caseId: string): Actor => ({ role: 'customer', caseId });
