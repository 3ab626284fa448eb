import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { generateAccessToken, hashAccessToken } from '../../functions/domain/access-token';
import { openTicket, parseComplaintRequest } from '../../functions/domain/complaint';
import { decide, type Accepted, type Action, type Actor } from '../../functions/domain/lifecycle';
import { loadPolicy, type Policy } from '../../functions/domain/policy';
import { eventSortKey, PendingTaskSchema, queueKeys, ticketPk } from '../../functions/domain/ticket';
import { CaseStore, type CaseRecord } from '../../functions/workflow/services/case-store';
import { workflowNext } from '../../functions/domain/lifecycle';
import { sendNotifications, type NotifyDeps } from '../../functions/workflow/services/notify';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { synthTemplate } from '../../infra/synth';
import { startLocalStack, type LocalStack } from '../../local/stack';
import type { HistoryEvent } from '../../local/stepfunctions/engine';

/**
 * The complaint workflow on the local stack: the synthesized template's ASL on the local Step Functions engine,
 * the real task handlers, DynamoDB Local, the SES catcher, the virtual clock. Human actions are applied the way the
 * staff/customer action handlers do it (docs/lifecycle.md 7.3): decide, commit, take the step's token, then
 * SendTaskSuccess with the case's new `next`.
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
  readonly store: CaseStore;
  private readonly doc: DynamoDBDocumentClient;
  private readonly sfn: SFNClient;
  private seq = 0;
  private readonly notify: NotifyDeps;

  private constructor(
    readonly stack: LocalStack,
    preset: string,
  ) {
    this.policy = loadPolicy(preset);
    const common = { region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    this.doc = DynamoDBDocumentClient.from(new DynamoDBClient({ ...common, endpoint: stack.urls.dynamodb }), { marshallOptions: { removeUndefinedValues: true } });
    this.sfn = new SFNClient({ ...common, endpoint: stack.urls.stepfunctions });
    this.store = new CaseStore(this.doc, this.table);
    const mailer = new SesMailer(new SESv2Client({ ...common, endpoint: stack.urls.ses }), 'complaints@example.com', 'redress-dev');
    this.notify = { mailer, policy: this.policy, publicBaseUrl: 'http://127.0.0.1', staffAddress: SUPERVISOR };
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
  executionArn(id: string): string {
    return `${this.machineArn.replace(':stateMachine:', ':execution:')}:${id}`;
  }

  /** A complaint as intake opens it, at the virtual now, and its execution started (name = ticket id). */
  async open(category: string, email = 'ada@example.com', details: Record<string, unknown> = {}): Promise<string> {
    const parsed = parseComplaintRequest(this.policy, {
      customer: { name: 'Ada Obi', email },
      category,
      subject: 'Withdrawal not received',
      description: 'I withdrew on Saturday and nothing arrived.',
      details,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const accessToken = generateAccessToken();
    const { ticket, firstEvent } = openTicket(this.policy, parsed.value, {
      id: crypto.randomUUID(),
      caseSequence: ++this.seq,
      receivedAt: new Date(),
      accessToken,
      accessTokenHash: hashAccessToken(accessToken),
    });
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: ticketPk(ticket.id), sk: 'TICKET', entity: 'ticket', ...queueKeys(ticket), ...ticket } }));
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: ticketPk(ticket.id), sk: eventSortKey(firstEvent), entity: 'event', ...firstEvent } }));
    await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.machineArn, name: ticket.id, input: JSON.stringify({ ticketId: ticket.id }) }));
    await this.settle(ticket.id);
    return ticket.id;
  }

  /**
   * A staff or customer action as the action handlers apply it. Returns the decision; a refusal changes nothing.
   * `callback` says whether a pending token was found and SendTaskSuccess sent.
   */
  async act(id: string, action: Action, actor: Actor, output: 'next' | 'ticketId' = 'next'): Promise<{ decision: ReturnType<typeof decide>; callback: 'sent' | 'no-token' | 'none' }> {
    const record = await this.store.load(id);
    const decision = decide(record.lifecycle!, action, actor, new Date(), this.policy);
    if (!decision.ok) return { decision, callback: 'none' };
    await this.store.commit(record, { state: decision.state, events: decision.events });
    await sendNotifications(this.notify, record, decision.notifications);
    const callback = await this.wake(id, decision, output);
    await this.settle(id);
    return { decision, callback };
  }

  private async wake(id: string, decision: Accepted, output: 'next' | 'ticketId'): Promise<'sent' | 'no-token' | 'none'> {
    if (decision.signal?.via !== 'callback') return 'none';
    const token = await this.takeTaskToken(id, decision.signal.completes);
    if (!token) return 'no-token';
    const body = output === 'next' ? workflowNext(decision.state, new Date()) : { ticketId: id };
    await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(body) }));
    return 'sent';
  }

  async takeTaskToken(id: string, step: string): Promise<string | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: ticketPk(id), sk: 'TICKET' },
          UpdateExpression: 'REMOVE #tasks.#step',
          ConditionExpression: 'attribute_exists(#tasks.#step)',
          ExpressionAttributeNames: { '#tasks': 'tasks', '#step': step },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return PendingTaskSchema.parse(z.object({ tasks: z.record(z.string(), z.unknown()) }).parse(out.Attributes).tasks[step]).taskToken;
    } catch (e) {
      if (e instanceof Error && e.name === 'ConditionalCheckFailedException') return undefined;
      throw e;
    }
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

  /** Waits (real time) until the execution is parked on a callback or has stopped, and the engine is idle. */
  async settle(id: string): Promise<void> {
    const deadline = performance.now() + 20_000;
    for (;;) {
      const e = this.stack.engine.describeExecution(this.executionArn(id));
      const parked = e.parked && (await this.load(id)).tasks[stepOfParked(e.parked.stateName)] !== undefined;
      if ((e.status !== 'RUNNING' || parked) && this.stack.engine.busy() === 0) return;
      if (performance.now() > deadline) throw new Error(`execution ${id} did not settle (in ${e.current?.stateName ?? '?'})`);
      await sleepReal(20);
    }
  }

  execution(id: string) {
    return this.stack.engine.describeExecution(this.executionArn(id));
  }
  /** Where the execution waits now (the wait state's name), or its final status. */
  where(id: string): string {
    const e = this.execution(id);
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

  load(id: string): Promise<CaseRecord> {
    return this.store.load(id);
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
