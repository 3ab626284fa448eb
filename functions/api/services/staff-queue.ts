import * as z from 'zod';
import type { TicketStore } from '../../adapters/ports';
import { financeDecides, roleForLevel } from '../../domain/lifecycle/ladder';
import type { StaffActor } from '../../domain/lifecycle/model';
import { queueDue, NO_DUE } from '../../domain/lifecycle/queue';
import { fieldErrors } from '../../domain/complaint';
import type { Policy } from '../../domain/policy';
import { TicketStatusSchema, type Ticket, type TicketStatus } from '../../domain/ticket';
import type { QueueEntry } from '../../domain/ticket-view';
import { HttpProblem } from '../http/problem';

/** Statuses staff work on; the queue shows these unless asked for one status (e.g. `received`, `closed`). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['acknowledged', 'in_progress', 'awaiting_customer', 'resolved', 'escalated_senior', 'dispute_review'];

export const QueueQuerySchema = z
  .object({
    status: TicketStatusSchema.optional(),
    limit: z.coerce.number({ error: 'limit must be a whole number from 1 to 100' }).int('limit must be a whole number from 1 to 100').min(1, 'limit must be at least 1').max(100, 'limit must be at most 100').default(25),
    cursor: z.string().max(4096, 'cursor is too long').optional(),
  })
  .strict();

const CursorSchema = z.object({ after: z.partialRecord(TicketStatusSchema, z.string().max(400)) }).strict();

export const encodeCursor = (after: Partial<Record<TicketStatus, string>>): string => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

function decodeCursor(cursor: string): Partial<Record<TicketStatus, string>> {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).after;
  } catch {
    throw HttpProblem.validation([{ field: 'cursor', message: 'not a cursor this API handed out; start again without it' }]);
  }
}

/**
 * Which cases a role sees in its queue: the cases it works on at their current level (the same rule `decide` applies
 * before any staff action): supervisors all, each rung its own role, seniors also the front line, finance the
 * cases it decides below the dispute review.
 */
export function worksOn(policy: Policy, actor: StaffActor, ticket: Ticket): boolean {
  const { level, category } = ticket.lifecycle;
  if (actor.role === 'supervisor') return true;
  const owner = roleForLevel(policy, level);
  if (actor.role === 'finance') return financeDecides(policy, category) && owner !== 'dispute_team';
  return actor.role === owner || (actor.role === 'senior' && level === 0);
}

export function queueEntry(ticket: Ticket): QueueEntry {
  const due = queueDue(ticket.lifecycle);
  const l = ticket.lifecycle;
  return {
    id: ticket.id,
    caseNumber: ticket.caseNumber,
    status: ticket.status,
    level: l.level,
    category: ticket.category,
    priority: ticket.priority,
    critical: l.critical,
    subject: ticket.subject,
    ...(l.assignee ? { assignee: l.assignee } : {}),
    receivedAt: l.receivedAt,
    ...(due !== NO_DUE ? { due } : {}),
  };
}

/** One page of the queue in policy order (due, arrival, id) across the statuses, for this member of staff. */
export async function staffQueue(store: TicketStore, policy: Policy, actor: StaffActor, query: Record<string, string | undefined>) {
  const parsed = QueueQuerySchema.safeParse(query);
  if (!parsed.success) throw HttpProblem.validation(fieldErrors(parsed.error.issues));
  const { status, limit, cursor } = parsed.data;
  const page = await store.queuePage({
    statuses: status ? [status] : OPEN_STATUSES,
    limit,
    ...(cursor ? { after: decodeCursor(cursor) } : {}),
    visible: (t) => worksOn(policy, actor, t),
  });
  return { items: page.tickets.map(queueEntry), ...(page.after ? { cursor: encodeCursor(page.after) } : {}) };
}
