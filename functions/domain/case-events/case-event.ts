import * as z from '../zod';
import { DeadlineSchema } from '../sla/deadline';
import { LifecycleEventTypeSchema, type LifecycleEvent } from '../lifecycle/events';
import { CaseStatusSchema, RoleSchema, type LifecycleState } from '../lifecycle/model';
import { ChannelSchema } from '../policy/schema';

/**
 * The event integrators receive for each case event: on the EventBridge bus (`detail`) and as the webhook body. It
 * names the case and what happened in the policy's terms, and carries no personal data: no customer name or email,
 * no staff identity (the role only), and no internal notes (free text a person wrote for colleagues). Integrators
 * fetch more through the API with their own credentials.
 */

export const CASE_EVENT_SOURCE = 'redress.cases';

/** EventBridge `detail-type`, e.g. "Case resolved". */
export const caseEventDetailType = (type: LifecycleEvent['type']): string => `Case ${type.replaceAll('_', ' ')}`;

export const CaseEventSchema = z.strictObject({
    /** `<case id>#<event seq>`: stable across redeliveries, so a subscriber can drop duplicates. */
    id: z.string().check(z.minLength(1)),
    type: LifecycleEventTypeSchema,
    occurredAt: z.iso.datetime({ offset: true }),
    case: z.strictObject({
        id: z.string().check(z.minLength(1)),
        caseNumber: z.string().check(z.minLength(1)),
        status: CaseStatusSchema,
        category: z.string(),
        priority: z.string(),
        channel: ChannelSchema,
        department: z.string(),
        /** Escalation level: 0 the front line, n the policy's rung n. */
        level: z.number().check(z.int(), z.nonnegative()),
        policy: z.strictObject({ name: z.string(), version: z.string() }),
      }),
    event: z.strictObject({
        seq: z.number().check(z.int(), z.positive()),
        actorRole: RoleSchema,
        summary: z.string(),
        clause: z.optional(z.string()),
        visibility: z.enum(['customer', 'internal']),
        /** Deadlines this event started or changed, each with its explanation. */
        deadlines: z.array(DeadlineSchema),
      }),
  }).register(z.globalRegistry, { id: 'CaseEvent', description: 'One event of a complaint case, as published on the event bus and sent to webhook subscribers.' });
export type CaseEvent = z.infer<typeof CaseEventSchema>;

/** The integrator event of a timeline event, or undefined for internal notes (never published). */
export function caseEventOf(header: { caseNumber: string; department: string }, state: LifecycleState, event: LifecycleEvent): CaseEvent | undefined {
  if (event.type === 'note') return undefined;
  const out: CaseEvent = {
    id: `${state.caseId}#${event.seq}`,
    type: event.type,
    occurredAt: event.at,
    case: {
      id: state.caseId,
      caseNumber: header.caseNumber,
      status: state.status,
      category: state.category,
      priority: state.priority,
      channel: state.channel,
      department: header.department,
      level: state.level,
      policy: state.policy,
    },
    event: { seq: event.seq, actorRole: event.actor.role, summary: event.summary, visibility: event.visibility, deadlines: event.deadlines },
  };
  if (event.clause !== undefined) out.event.clause = event.clause;
  return CaseEventSchema.parse(out);
}
