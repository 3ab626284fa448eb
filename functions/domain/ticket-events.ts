import { formatLongLocal } from './calendar/zoned-time';
import { renderMessage, type Deadline, type Policy, type RenderedMessage } from './policy';
import type { LifecycleEvent as TimelineEvent } from './lifecycle/events';
import type { Ticket } from './ticket';

/**
 * The workflow's changes to a ticket, as pure functions: each returns the timeline event to append (with the
 * next sequence number) and what to set, so the handlers only load, call, and commit.
 */

const nextEvent = (ticket: Ticket, at: Date, fields: Omit<TimelineEvent, 'ticketId' | 'seq' | 'at'>): TimelineEvent => ({
  ticketId: ticket.id,
  seq: ticket.eventSeq + 1,
  at: at.toISOString(),
  ...fields,
});

/** A due time as the customer reads it: in the time zone of the calendar that measures it. */
export function formatDue(policy: Policy, deadline: Deadline): string {
  const zone = policy.calendars[deadline.explanation.calendar]?.timeZone ?? policy.calendars[policy.defaultCalendar]!.timeZone;
  return formatLongLocal(Date.parse(deadline.due), zone);
}

/** The acknowledgment email of seed 001 step 2: case number, estimated resolution time, next steps, status link. */
export function acknowledgmentMessage(policy: Policy, ticket: Ticket, statusUrl: string): RenderedMessage {
  return renderMessage(policy, 'acknowledgment', {
    customerName: ticket.customer.name,
    subject: ticket.subject,
    caseNumber: ticket.caseNumber,
    resolutionDue: formatDue(policy, ticket.deadlines.resolution),
    statusUrl,
  });
}

export function acknowledged(ticket: Ticket, at: Date): { event: TimelineEvent; set: Pick<Ticket, 'acknowledgedAt'> & Partial<Pick<Ticket, 'status'>> } {
  const event = nextEvent(ticket, at, {
    actor: { kind: 'system', role: 'system', name: 'Redress' },
    type: 'acknowledged',
    summary: `Acknowledgment sent by email with the case number, the estimated resolution time and the next steps.`,
    clause: ticket.deadlines.acknowledgment.explanation.clause,
    deadlines: [ticket.deadlines.firstResponse, ticket.deadlines.resolution],
    visibility: 'customer',
  });
  // Only the first step moves the status; a case that already moved on keeps its status.
  return { event, set: { acknowledgedAt: event.at, ...(ticket.status === 'received' ? { status: 'acknowledged' as const } : {}) } };
}

export function breached(ticket: Ticket, clock: string, at: Date): { event: TimelineEvent; set: Pick<Ticket, 'breaches'> } {
  const deadline = (ticket.deadlines as Record<string, Deadline | undefined>)[clock];
  const event = nextEvent(ticket, at, {
    actor: { kind: 'system', role: 'system', name: 'Redress' },
    type: 'breached',
    summary: deadline ? `The ${clock} deadline (${deadline.due}) passed without the step being done.` : `The ${clock} clock ran out.`,
    clause: deadline?.explanation.clause,
    deadlines: deadline ? [deadline] : [],
    visibility: 'internal',
  });
  return { event, set: { breaches: { ...ticket.breaches, [clock]: event.at } } };
}

/** Whole seconds from `now` until `due`, at least 1 (a callback timeout of 0 is invalid; a past due fires at once). */
export const secondsUntil = (due: string, now: Date): number => Math.max(1, Math.ceil((Date.parse(due) - now.getTime()) / 1000));
