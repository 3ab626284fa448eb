// What every fault file does the same way: send a load of complaints, act as staff or as the customer over the
// HTTP API, move the virtual clock through the API, and point the census at a stack.
import { LOCAL_SOURCE_IP_HEADER } from '../../local/gateway';
import type { LocalStack } from '../../local/stack';
import { defaultPreset, presets } from '../../policies';
import { eventually as poll, sleepReal } from '../support/eventually';
import type { Accepted, StackEndpoints } from './census';

export { sleepReal };
/** The fault suite polls every 100 ms for up to 30 s unless told otherwise: its stacks are under load. */
export const eventually = <T>(probe: () => Promise<T | undefined> | T | undefined, what: string | (() => string), ms = 30_000): Promise<T> => poll(probe, what, ms, 100);

export interface Created extends Accepted {
  accessToken: string;
}

export const complaint = (tag: string, n: number) => ({
  customer: { name: `Fault Customer ${n}`, email: `${tag}-${n}@example.com` },
  category: 'general_inquiry',
  subject: `Fault suite complaint ${tag} ${n}`,
  description: 'I finished the course last week and have not received the certificate yet.',
});

export interface Load {
  accepted: Created[];
  /** answered, but not 201 (a 5xx while a dependency was down): the customer knows it was not taken */
  refused: number;
  /** the connection died (the stack was killed): not accepted either */
  cut: number;
  /** resolves when the clients have stopped */
  done: Promise<void>;
  stop(): void;
}

/**
 * `clients` concurrent customers filing complaints until `total` were sent or `stop()`; each answer is counted.
 * A 201 is an accepted complaint: the promise the suite checks is kept for each of them.
 */
export function startLoad(api: () => string, tag: string, total: number, clients = 4): Load {
  const load: Omit<Load, 'done'> = { accepted: [], refused: 0, cut: 0, stop: () => (stopped = true) };
  let stopped = false;
  let next = 0;
  const client = async () => {
    while (!stopped && next < total) {
      const n = next++;
      const body = complaint(tag, n);
      try {
        const res = await fetch(`${api()}/complaints`, {
          method: 'POST',
          // Each complaint from its own machine, as a real load is: the per-client intake limit is not what is under test.
          headers: { 'content-type': 'application/json', 'idempotency-key': `${tag}-${n}`, [LOCAL_SOURCE_IP_HEADER]: `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}` },
          body: JSON.stringify(body),
        });
        if (res.status === 201) {
          const created = (await res.json()) as { id: string; caseNumber: string; accessToken: string };
          load.accepted.push({ id: created.id, caseNumber: created.caseNumber, accessToken: created.accessToken, email: body.customer.email });
        } else {
          load.refused++;
          await res.arrayBuffer();
        }
      } catch {
        load.cut++;
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, client)).then(() => undefined);
  return Object.assign(load, { done });
}

export const jsonPost = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

/** A staff token from the LOCAL ONLY dev identity (valid one hour of virtual time: mint one per use). */
export async function staffToken(api: string, sub: string, groups: string[]): Promise<string> {
  const res = await fetch(`${api}/_local/dev-token`, jsonPost({ sub, groups }));
  if (res.status !== 200) throw new Error(`dev-token answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function staffAct(api: string, id: string, sub: string, groups: string[], action: unknown): Promise<Response> {
  return staffActAs(api, await staffToken(api, sub, groups), id, action);
}

/** A staff action with a token minted beforehand (a race starts both sides at the same instant). */
export const staffActAs = (api: string, token: string, id: string, action: unknown): Promise<Response> => fetch(`${api}/staff/complaints/${id}/actions`, jsonPost(action, token));

export const customerAct = (api: string, c: Created, action: unknown): Promise<Response> => fetch(`${api}/complaints/${c.id}/actions`, jsonPost(action, c.accessToken));

/** The staff view's workflow fields: the step the case is at and the steps a wait has registered for. */
export async function staffView(api: string, id: string): Promise<{ status: string; step: string; waitingSteps: string[] }> {
  const token = await staffToken(api, 'fault-supervisor', ['supervisor']);
  const res = await fetch(`${api}/staff/complaints/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { status: string; step: string; waitingSteps: string[] };
}

/** Resolves once the workflow of a case is parked on the wait of `step`. */
export const waitingOn = (api: string, id: string, step: string) =>
  eventually(async () => ((await staffView(api, id)).waitingSteps.includes(step) ? true : undefined), `case ${id} to wait on ${step}`, 30_000);

/** Moves the virtual clock through the stack's API (works for a stack in another process too). */
export async function advance(api: string, by: string): Promise<void> {
  const t0 = performance.now();
  const res = await fetch(`${api}/_local/clock`, jsonPost({ advance: by }));
  if (process.env.REDRESS_FAULTS_TRACE) console.log(`[faults] clock +${by}: ${res.status} in ${Math.round(performance.now() - t0)} ms`);
  if (res.status !== 200) throw new Error(`clock advance ${by} answered ${res.status}: ${await res.text()}`);
}

/**
 * The clock moved past the reconciler's 5-minute runs (several, so a restart it made gets its own run), then past
 * the policy's first deadlines (24 h first response, 48 h auto-escalation): whatever is left undriven shows.
 */
export async function moveTime(api: string): Promise<void> {
  for (let i = 0; i < 4; i++) await advance(api, 'PT6M');
  await advance(api, 'PT25H');
  await advance(api, 'PT24H');
  for (let i = 0; i < 2; i++) await advance(api, 'PT6M');
}

/** The acknowledgment's subject template of a preset (`{{caseNumber}}` in it). */
export function acknowledgmentSubject(preset: string): string {
  const policy = presets[preset] as { messages: { templates: { acknowledgment: { subject: string } } } } | undefined;
  if (!policy) throw new Error(`no preset ${preset}`);
  return policy.messages.templates.acknowledgment.subject;
}

export function endpointsOf(stack: LocalStack): StackEndpoints {
  const supervisorAddress = stack.functions.map((f) => f.environment.SUPERVISOR_ADDRESS).find((a) => a !== undefined);
  if (!supervisorAddress) throw new Error('no function has SUPERVISOR_ADDRESS');
  return {
    dynamodb: stack.urls.dynamodb,
    stepfunctions: stack.urls.stepfunctions,
    sesStore: stack.urls.sesStore,
    region: stack.env.AWS_REGION!,
    tableName: stack.tables[0]!.tableName,
    stateMachineArn: stack.stateMachines[0]!.arn,
    supervisorAddress,
    acknowledgmentSubject: acknowledgmentSubject(stack.policy ?? defaultPreset),
  };
}
