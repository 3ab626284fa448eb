import * as z from '../../domain/zod';
import { fieldErrors } from '../../domain/field-errors';
import { departmentAt } from '../../domain/lifecycle/scope';
import { ChannelSchema, type Policy } from '../../domain/policy';
import { mayReadCase } from '../../domain/access/read-access';
import type { StaffActor } from '../../domain/lifecycle/model';
import { NO_DUE, queueDue, sortableInstant } from '../../domain/lifecycle/queue';
import { CaseStatusSchema, queueKeys, type Case, type CaseStatus } from '../../domain/case';
import type { QueueEntry } from '../../domain/case-view';
import { refused, type Outcome } from '../outcomes';
import type { CaseStore, Clock, PolicyBook, QueueStoreFilter } from '../ports';
import { decodeCursor, keysetPage, queryFingerprint, type CursorKeys } from './keyset-page';
import { audited, type AuditTrail } from './audit-trail';

/** Statuses staff work on; the queue shows these unless asked for others (e.g. `received`, `closed`). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['acknowledged', 'in_progress', 'awaiting_customer', 'resolved', 'escalated_senior', 'dispute_review'];

const HOUR_MS = 3_600_000;

const flag = (name: string) => z.pipe(z.enum(['true', 'false'], { error: `${name} is true or false` }), z.transform((v) => v === 'true'));
const slug = (name: string) => z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/, `${name} is a slug such as commission_dispute (lower_snake_case)`));

/** One status or several, comma-separated (API Gateway also joins a repeated `status=` with commas). */
const StatusListSchema = z.pipe(z.string(), z.transform((raw, ctx) => {
  const names = raw.split(',').map((s) => s.trim());
  const unknown = names.filter((s) => !CaseStatusSchema.safeParse(s).success);
  if (unknown.length > 0 || names.length > CaseStatusSchema.options.length) {
    // zod/mini's transform context has no addIssue: the issue goes on the payload as classic's addIssue put it.
    ctx.issues.push({ code: 'custom', input: raw, message: `unknown status ${JSON.stringify(unknown[0] ?? raw)}; one or more of ${CaseStatusSchema.options.join(', ')}, comma-separated` });
    return z.NEVER;
  }
  return [...new Set(names)] as CaseStatus[];
}));

export const QueueQuerySchema = z.strictObject({
    mine: z.optional(flag('mine')),
    unassigned: z.optional(flag('unassigned')),
    status: z.optional(StatusListSchema),
    category: z.optional(slug('category')),
    department: z.optional(slug('department')),
    priority: z.optional(slug('priority')),
    channel: z.optional(ChannelSchema),
    breached: z.optional(flag('breached')),
    atRiskHours: z.optional(z.coerce.number({ error: 'atRiskHours must be a whole number of hours from 1 to 720' }).check(z.int('atRiskHours must be a whole number of hours from 1 to 720'), z.gte(1, 'atRiskHours must be at least 1'), z.lte(720, 'atRiskHours must be at most 720 (30 days)'))),
    q: z.optional(z.string().check(z.trim(), z.minLength(1, 'q must not be empty'), z.maxLength(200, 'q is at most 200 characters'))),
    updated_since: z.optional(z.iso.datetime({ offset: true, error: 'updated_since must be an RFC 3339 instant such as 2026-12-01T08:00:00Z' })),
    sort: z._default(z.enum(['policy', 'due'], { error: 'sort is policy (the default) or due' }), 'policy'),
    limit: z._default(z.coerce.number({ error: 'limit must be a whole number from 1 to 100' }).check(z.int('limit must be a whole number from 1 to 100'), z.gte(1, 'limit must be at least 1'), z.lte(100, 'limit must be at most 100')), 25),
    cursor: z.optional(z.string()),
  }).check(z.refine((q) => !(q.mine && q.unassigned), { path: ['unassigned'], message: 'mine and unassigned exclude each other; ask for one' }));
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

/** When a promise was broken, if one was: the earliest recorded breach, or a running staff deadline already past. */
export function breachedAt(theCase: Case, now: Date): string | undefined {
  const instants = Object.values(theCase.lifecycle.breaches).filter((v): v is string => typeof v === 'string').map(sortableInstant);
  const due = queueDue(theCase.lifecycle);
  if (due !== NO_DUE && Date.parse(due) <= now.getTime()) instants.push(due);
  return instants.sort()[0];
}

export function queueEntry(theCase: Case, policy: Policy, now: Date): QueueEntry {
  const due = queueDue(theCase.lifecycle);
  const l = theCase.lifecycle;
  const department = departmentAt(policy, l)?.slug ?? theCase.department;
  return {
    id: theCase.id,
    caseNumber: theCase.caseNumber,
    status: theCase.status,
    level: l.level,
    category: theCase.category,
    priority: theCase.priority,
    critical: l.critical,
    subject: theCase.subject,
    ...(l.assignee ? { assignee: l.assignee } : {}),
    receivedAt: l.receivedAt,
    ...(due !== NO_DUE ? { due } : {}),
    channel: theCase.channel,
    ...(department ? { department } : {}),
    updatedAt: theCase.updatedAt,
    breached: breachedAt(theCase, now) !== undefined,
  };
}

/** Lower case, accents folded (Vietnamese and French subjects are searched without typing the marks), split into words. */
const words = (text: string): string[] =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** `q`: the case number or the customer's email, exactly (any case); or every word of `q` starts a word of the subject. */
export function matchesSearch(theCase: Pick<Case, 'caseNumber' | 'customer' | 'subject'>, q: string): boolean {
  const wanted = q.trim().toLowerCase();
  if (theCase.caseNumber.toLowerCase() === wanted || theCase.customer.email.toLowerCase() === wanted) return true;
  const subject = words(theCase.subject);
  const asked = words(q);
  return asked.length > 0 && asked.every((w) => subject.some((s) => s.startsWith(w)));
}

/**
 * The order of a row. `policy`: the policy's queue order (the `byQueue` sort key). `due`: what broke a promise
 * first (by when), then the earliest running staff deadline, then the policy's order.
 */
function sortKey(theCase: Case, sort: QueueQuery['sort'], now: Date): string {
  const policyKey = queueKeys(theCase).gsi1sk;
  if (sort === 'policy') return policyKey;
  const breach = breachedAt(theCase, now);
  return breach ? `0#${breach}#${policyKey}` : `1#${queueDue(theCase.lifecycle)}#${policyKey}`;
}

export type QueueListing = Outcome<{ items: QueueEntry[]; total: number; hasMore: boolean; cursor?: string }>;

/**
 * The staff queue for this member of staff, filtered, counted and paged. The store reads the asked status partitions
 * of `byQueue` whole, filtering what it can on stored attributes; the core applies the rest (department scope,
 * the department working the case, breached and at risk at `now`, the search), orders and pages. Every page costs
 * the read of those partitions: see docs/contracts.md "The staff queue".
 */
export async function listQueue(deps: { store: CaseStore; policies: PolicyBook; now: Clock; cursorKeys: CursorKeys; audit?: AuditTrail }, actor: StaffActor, query: Record<string, string | undefined>): Promise<QueueListing> {
  const parsed = QueueQuerySchema.safeParse(query);
  if (!parsed.success) return refused('invalid', 'The query has invalid parameters; see errors.', fieldErrors(parsed.error.issues));
  const { limit, cursor, ...filters } = parsed.data;
  const fingerprint = queryFingerprint({ ...filters, staff: actor.staffId });
  const position = cursor === undefined ? undefined : decodeCursor(deps.cursorKeys, cursor, fingerprint);
  if (position && 'error' in position) return refused('malformed', 'The cursor was not handed out by this API for this query.', [position.error]);

  const now = deps.now();
  const riskUntil = filters.atRiskHours === undefined ? undefined : now.getTime() + filters.atRiskHours * HOUR_MS;
  const storeFilter: QueueStoreFilter = {
    ...(filters.mine ? { assignee: actor.staffId } : filters.unassigned ? { assignee: null } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.updated_since ? { updatedSince: filters.updated_since } : {}),
  };
  const read = await deps.store.queueMatches({ statuses: filters.status ?? OPEN_STATUSES, filter: storeFilter });

  const rows = read.flatMap((theCase) => {
    const policy = deps.policies.of(theCase.policy);
    if (!mayReadCase(policy, actor, theCase.lifecycle)) return [];
    const entry = queueEntry(theCase, policy, now);
    if (filters.department && entry.department !== filters.department) return [];
    if (filters.breached && !entry.breached) return [];
    if (riskUntil !== undefined && !entry.breached && !(entry.due && Date.parse(entry.due) <= riskUntil)) return [];
    if (filters.q && !matchesSearch(theCase, filters.q)) return [];
    return [{ key: sortKey(theCase, filters.sort, now), row: entry }];
  });
  const page = keysetPage(rows, { limit, ...(position ? { after: position.after } : {}), query: fingerprint, keys: deps.cursorKeys });
  return audited(deps.audit, actor, 'list_queue', undefined, { ok: true as const, ...page });
}
