import * as z from 'zod';
import { fieldErrors } from '../../domain/complaint';
import { mayReadCase } from '../../domain/access/read-access';
import type { StaffActor } from '../../domain/lifecycle/model';
import { NO_DUE, queueDue } from '../../domain/lifecycle/queue';
import { CaseStatusSchema, type Case, type CaseStatus } from '../../domain/case';
import type { QueueEntry } from '../../domain/case-view';
import { refused, type Outcome } from '../outcomes';
import type { CaseStore, PolicyBook } from '../ports';
import { audited, type AuditTrail } from './audit-trail';

/** Statuses staff work on; the queue shows these unless asked for one status (e.g. `received`, `closed`). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['acknowledged', 'in_progress', 'awaiting_customer', 'resolved', 'escalated_senior', 'dispute_review'];

export const QueueQuerySchema = z
  .object({
    status: CaseStatusSchema.optional(),
    limit: z.coerce
      .number({ error: 'limit must be a whole number from 1 to 100' })
      .int('limit must be a whole number from 1 to 100')
      .min(1, 'limit must be at least 1')
      .max(100, 'limit must be at most 100')
      .default(25),
    cursor: z.string().max(4096, 'cursor is too long').optional(),
  })
  .strict();

// Sort keys are never empty (DynamoDB refuses an empty key value), so neither is a cursor's.
const CursorSchema = z.object({ after: z.partialRecord(CaseStatusSchema, z.string().min(1).max(400)) }).strict();

export const encodeCursor = (after: Partial<Record<CaseStatus, string>>): string => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

function decodeCursor(cursor: string): Partial<Record<CaseStatus, string>> | undefined {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).after;
  } catch {
    return undefined;
  }
}

export function queueEntry(theCase: Case): QueueEntry {
  const due = queueDue(theCase.lifecycle);
  const l = theCase.lifecycle;
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
  };
}

export type QueueListing = Outcome<{ items: QueueEntry[]; cursor?: string }>;

/** One page of the queue in policy order across the open statuses, for this member of staff. */
export async function listQueue(deps: { store: CaseStore; policies: PolicyBook; audit?: AuditTrail }, actor: StaffActor, query: Record<string, string | undefined>): Promise<QueueListing> {
  const parsed = QueueQuerySchema.safeParse(query);
  if (!parsed.success) return refused('invalid', 'The query has invalid parameters; see errors.', fieldErrors(parsed.error.issues));
  const { status, limit, cursor } = parsed.data;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) return refused('invalid', 'The cursor was not handed out by this API.', [{ field: 'cursor', message: 'not a cursor this API handed out; start again without it' }]);
  const page = await deps.store.queuePage({
    statuses: status ? [status] : OPEN_STATUSES,
    limit,
    ...(after ? { after } : {}),
    visible: (t) => mayReadCase(deps.policies.of(t.policy), actor, t.lifecycle),
  });
  return audited(deps.audit, actor, 'list_queue', undefined, { ok: true, items: page.cases.map(queueEntry), ...(page.after ? { cursor: encodeCursor(page.after) } : {}) });
}
