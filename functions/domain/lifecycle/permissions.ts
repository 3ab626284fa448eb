import type { Policy } from '../policy';
import { CUSTOMER_ACTIONS, STAFF_ACTIONS, type ActionType } from './actions';
import { decide } from './decide';
import { CaseStatusSchema, type Actor, type CaseStatus, type LifecycleState, type Role } from './model';
import { startLifecycle } from './start';

/**
 * Who may take which action in which status: read off `decide` itself, by asking it, for each role and action, on a
 * sample case in every status. The permission rules are spread over the per-actor decision files (role, rung,
 * assignment, department, the customer's window…); asking the one function that applies them is the only table
 * that cannot disagree with them. The docs print it (`tools/lifecycle-docs.ts`).
 */

export const TABLE_ROLES = ['customer', 'agent', 'senior', 'dispute_team', 'supervisor', 'finance'] as const satisfies readonly Role[];
export type TableRole = (typeof TABLE_ROLES)[number];
export const TABLE_ACTIONS: readonly ActionType[] = [...new Set<ActionType>([...STAFF_ACTIONS, ...CUSTOMER_ACTIONS])];

/** A valid body for each action, so that only the rules (never the body's shape) decide. */
const SAMPLE_BODIES: Record<string, Record<string, unknown>> = {
  claim: {},
  assign: { to: 'staff-sample-2' },
  reply: { message: 'A sample message.' },
  note: { text: 'A sample note.' },
  requestInfo: { questions: 'Which order?' },
  resolve: { summary: 'A sample resolution.' },
  escalate: { reason: 'A sample reason.' },
  recommendMediation: { reason: 'A sample reason.' },
  close: { reason: 'A sample reason.' },
  logContact: { channel: 'phone', direction: 'outbound', summary: 'A sample call.' },
  verifyIdentity: { method: 'mfa' },
  acceptResolution: {},
  dispute: { reason: 'A sample reason.' },
  rate: { score: 5 },
};

export interface PermissionSample {
  /** the policy's category the sample case is filed under */
  category: string;
  /** the instant the sample case is received; every decision is taken minutes later, before any clock is due */
  receivedAt: Date;
}

const CASE_ID = '00000000-0000-4000-8000-000000000001';
const STAFF_ID = 'staff-sample-1';
const actorOf = (role: TableRole): Actor => (role === 'customer' ? { role, caseId: CASE_ID } : { role, staffId: STAFF_ID });
const minutes = (from: Date, m: number) => new Date(from.getTime() + m * 60_000);

/**
 * A sample case in each status the policy can reach, unassigned (so that assignment never hides a role's right),
 * taken along the shortest path of accepted decisions. A status the policy cannot reach this way is absent.
 */
export function sampleCases(policy: Policy, sample: PermissionSample): Map<CaseStatus, LifecycleState> {
  const out = new Map<CaseStatus, LifecycleState>();
  const category = policy.categories.find((c) => c.slug === sample.category);
  if (!category) throw new Error(`the policy has no category ${sample.category}`);
  const start = startLifecycle(policy, { caseId: CASE_ID, channel: 'web', eventSeq: 1, category: category.slug, priority: category.defaultPriority, receivedAt: sample.receivedAt });
  let step = 0;
  const after = (state: LifecycleState, type: string, role: TableRole | 'system'): LifecycleState | undefined => {
    const actor: Actor = role === 'system' ? { role } : actorOf(role);
    const d = decide(state, { type, ...SAMPLE_BODIES[type] }, actor, minutes(sample.receivedAt, ++step), policy);
    return d.ok ? d.state : undefined;
  };
  const keep = (state: LifecycleState | undefined) => {
    if (state && !out.has(state.status)) out.set(state.status, { ...state, assignee: undefined });
    return state;
  };
  keep(start);
  const acknowledged = keep(after(start, 'acknowledge', 'system'));
  if (!acknowledged) return out;
  keep(after(acknowledged, 'claim', 'supervisor'));
  keep(after(acknowledged, 'requestInfo', 'supervisor'));
  const resolved = keep(after(acknowledged, 'resolve', 'supervisor'));
  if (resolved) keep(after(resolved, 'acceptResolution', 'customer'));
  // Up the ladder as staff escalate it, rung by rung, then out of it where the policy offers mediation.
  let climbing: LifecycleState | undefined = acknowledged;
  while (climbing) {
    const next: LifecycleState | undefined = after(climbing, 'escalate', 'supervisor');
    if (!next || next.level === climbing.level) break;
    keep(next);
    keep(after(next, 'recommendMediation', 'supervisor'));
    climbing = next;
  }
  return out;
}

export type PermissionTable = Record<TableRole, Partial<Record<ActionType, CaseStatus[]>>>;

/** For each role and action, the statuses in which `decide` accepts it on the sample case (in lifecycle order). */
export function permissionTable(policy: Policy, sample: PermissionSample): PermissionTable {
  const cases = sampleCases(policy, sample);
  const table = Object.fromEntries(TABLE_ROLES.map((r) => [r, {}])) as PermissionTable;
  const now = minutes(sample.receivedAt, 30);
  for (const role of TABLE_ROLES) {
    for (const type of TABLE_ACTIONS) {
      const accepted = CaseStatusSchema.options.filter((status) => {
        const state = cases.get(status);
        return state !== undefined && decide(state, { type, ...SAMPLE_BODIES[type] }, actorOf(role), now, policy).ok;
      });
      table[role][type] = accepted;
    }
  }
  return table;
}

/** The statuses the sample reached, in lifecycle order. */
export const sampledStatuses = (policy: Policy, sample: PermissionSample): CaseStatus[] => [...sampleCases(policy, sample).keys()].sort((a, b) => CaseStatusSchema.options.indexOf(a) - CaseStatusSchema.options.indexOf(b));
