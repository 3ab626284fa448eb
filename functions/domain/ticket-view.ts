import * as z from 'zod';
import { CustomerTimelineEntrySchema, customerView as customerTimeline, LifecycleEventSchema, type LifecycleEvent } from './lifecycle/events';
import { LifecycleStateSchema } from './lifecycle/model';
import { nextTimer, NextTimerSchema, stepOf, WorkflowStepSchema } from './lifecycle/signals';
import { CustomerSchema, IntakeChannelSchema, IntakeDeadlinesSchema, TicketStatusSchema, type Ticket } from './ticket';

/**
 * What the API shows of a case: the customer's view (no internal events, no staff identities, no token hash, no
 * contact data) and the staff view (everything but secrets: no token hash, no task tokens).
 */

const instant = z.iso.datetime({ offset: true });

export const CustomerCaseViewSchema = z
  .object({
    id: z.uuid(),
    caseNumber: z.string(),
    status: TicketStatusSchema,
    category: z.string(),
    subject: z.string(),
    channel: IntakeChannelSchema,
    createdAt: instant,
    deadlines: IntakeDeadlinesSchema,
    /** How far up the escalation ladder the case is: 0 the front line. */
    level: z.number().int().nonnegative(),
    /** Whether the customer has rated the handling (a rating is taken once). */
    rated: z.boolean(),
    timeline: z.array(CustomerTimelineEntrySchema),
  })
  .meta({ id: 'CustomerCaseView' });
export type CustomerCaseView = z.infer<typeof CustomerCaseViewSchema>;

export function customerView(ticket: Ticket, events: readonly LifecycleEvent[]): CustomerCaseView {
  return {
    id: ticket.id,
    caseNumber: ticket.caseNumber,
    status: ticket.status,
    category: ticket.category,
    subject: ticket.subject,
    channel: ticket.channel,
    createdAt: ticket.createdAt,
    deadlines: ticket.deadlines,
    level: ticket.lifecycle.level,
    rated: ticket.lifecycle.csat !== undefined,
    timeline: customerTimeline(events),
  };
}

export const StaffCaseViewSchema = z
  .object({
    id: z.uuid(),
    caseNumber: z.string(),
    status: TicketStatusSchema,
    policy: z.object({ name: z.string(), version: z.string() }),
    channel: IntakeChannelSchema,
    category: z.string(),
    priority: z.string(),
    department: z.string(),
    customer: CustomerSchema,
    subject: z.string(),
    description: z.string(),
    details: z.record(z.string(), z.unknown()),
    deadlines: IntakeDeadlinesSchema,
    createdAt: instant,
    updatedAt: instant,
    lifecycle: LifecycleStateSchema,
    /** The workflow step the case is in, and when its wait times out next (the earliest running clock). */
    step: WorkflowStepSchema,
    nextTimer: NextTimerSchema.optional(),
    /** Steps the workflow is waiting on (their task tokens stay on the server). */
    waitingSteps: z.array(z.string()),
    timeline: z.array(LifecycleEventSchema),
  })
  .meta({ id: 'StaffCaseView' });
export type StaffCaseView = z.infer<typeof StaffCaseViewSchema>;

export function staffView(ticket: Ticket, events: readonly LifecycleEvent[]): StaffCaseView {
  const timer = nextTimer(ticket.lifecycle);
  return {
    id: ticket.id,
    caseNumber: ticket.caseNumber,
    status: ticket.status,
    policy: ticket.policy,
    channel: ticket.channel,
    category: ticket.category,
    priority: ticket.priority,
    department: ticket.department,
    customer: ticket.customer,
    subject: ticket.subject,
    description: ticket.description,
    details: ticket.details,
    deadlines: ticket.deadlines,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    lifecycle: ticket.lifecycle,
    step: stepOf(ticket.lifecycle),
    ...(timer ? { nextTimer: timer } : {}),
    waitingSteps: Object.keys(ticket.tasks),
    timeline: [...events].sort((a, b) => a.seq - b.seq),
  };
}

/** One line of the staff queue: enough to pick the next case, no customer description. */
export const QueueEntrySchema = z
  .object({
    id: z.uuid(),
    caseNumber: z.string(),
    status: TicketStatusSchema,
    level: z.number().int().nonnegative(),
    category: z.string(),
    priority: z.string(),
    critical: z.boolean(),
    subject: z.string(),
    assignee: z.string().optional(),
    receivedAt: instant,
    /** The earliest running staff deadline (the queue's order), absent when staff owes nothing. */
    due: instant.optional(),
  })
  .meta({ id: 'QueueEntry' });
export type QueueEntry = z.infer<typeof QueueEntrySchema>;
