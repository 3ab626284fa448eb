import * as z from '../zod';
import { TimelineEventSchema } from '../case';
import { RoleSchema, type Actor } from './model';

/**
 * Timeline events of the lifecycle: the intake's event shape (functions/domain/case.ts) with the lifecycle's
 * event types and an actor that carries the role (and, for staff, who), so a supervisor sees who did what and the
 * customer sees only the role.
 */

export const LifecycleEventTypeSchema = z.enum([
  'received',
  'acknowledged',
  'claimed',
  'assigned',
  'staff_replied',
  'customer_replied',
  'note',
  'info_requested',
  'info_provided',
  'reminder_sent',
  'progress_update',
  'resolved',
  'resolution_accepted',
  'disputed',
  'escalated_senior',
  'escalated_dispute_review',
  'dispute_update_overdue',
  'mediation_recommended',
  'closed',
  'rated',
  'breached',
  'next_issue_scheduled',
  'identity_verified',
  'contact_logged',
  // The customer's name or email was corrected (functions/core/use-cases/correct-contact.ts); the event names the fields, never the values.
  'contact_corrected',
  // A refund or chargeback on the case moved (functions/domain/finance/case-timeline.ts); written with the finance decision.
  'finance_update',
  'incident_linked',
  'incident_update',
  'incident_unlinked',
]);
export type LifecycleEventType = z.infer<typeof LifecycleEventTypeSchema>;

export const EventActorSchema = z.strictObject({
    kind: z.enum(['customer', 'staff', 'system']),
    role: RoleSchema,
    /** Staff only; never shown to the customer. Customer events carry no name (the timeline is no copy of personal data). */
    staffId: z.optional(z.string()),
    name: z.optional(z.string()),
  });
export type EventActor = z.infer<typeof EventActorSchema>;

export const LifecycleEventSchema = z.extend(TimelineEventSchema, { type: LifecycleEventTypeSchema, actor: EventActorSchema });
export type LifecycleEvent = z.infer<typeof LifecycleEventSchema>;

export function eventActor(actor: Actor): EventActor {
  if (actor.role === 'customer') return { kind: 'customer', role: 'customer' };
  if (actor.role === 'system') return { kind: 'system', role: 'system' };
  const out: EventActor = { kind: 'staff', role: actor.role, staffId: actor.staffId };
  if (actor.name) out.name = actor.name;
  return out;
}

/** What the customer reads instead of a staff member's identity. */
export const ROLE_LABELS: Record<z.infer<typeof RoleSchema>, string> = {
  customer: 'You',
  agent: 'Support representative',
  senior: 'Senior representative',
  dispute_team: 'Dispute Resolution Team',
  supervisor: 'Customer Service Manager',
  finance: 'Payments team',
  admin: 'Data protection team',
  system: 'Redress',
};

export const CustomerTimelineEntrySchema = z.extend(z.pick(LifecycleEventSchema, { seq: true, at: true, type: true, summary: true, message: true, clause: true, deadlines: true }), {
  actor: z.string(),
});
export type CustomerTimelineEntry = z.infer<typeof CustomerTimelineEntrySchema>;

/**
 * The customer's view of a timeline: internal events (notes, breaches, assignment) dropped, staff identities
 * replaced by their role, in order; the words of replies, questions and resolutions kept.
 */
export function customerView(timeline: readonly LifecycleEvent[]): CustomerTimelineEntry[] {
  return timeline
    .filter((e) => e.visibility === 'customer')
    .toSorted((a, b) => a.seq - b.seq)
    .map((e) => {
      const entry: CustomerTimelineEntry = { seq: e.seq, at: e.at, actor: ROLE_LABELS[e.actor.role], type: e.type, summary: e.summary, deadlines: e.deadlines };
      if (e.message !== undefined) entry.message = e.message;
      if (e.clause !== undefined) entry.clause = e.clause;
      return entry;
    });
}
