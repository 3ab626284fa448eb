import * as z from 'zod';
import { ClockIdSchema, IdentityMethodSchema } from './model';

/**
 * Everything anyone can do to a case. The handler parses the request into one of these (the wire shape);
 * `decide` validates it again so a malformed action is a 422 naming the field, never a half-applied change.
 */

/** What a case is told of an incident: which one, its words, the update's number and the other ways to reach us. */
export const IncidentNoticeSchema = z
  .object({ id: z.string().min(1), title: z.string().min(1), seq: z.number().int().positive(), message: z.string().min(1), contacts: z.string() })
  .strict();
export type IncidentNotice = z.infer<typeof IncidentNoticeSchema>;

const text = (max: number, what: string) => z.string().trim().min(1, `${what} is required`).max(max, `at most ${max} characters`);

export const ActionSchema = z.discriminatedUnion('type', [
  // staff
  z.object({ type: z.literal('claim') }).strict(),
  z.object({ type: z.literal('assign'), to: z.string().min(1, 'to is required') }).strict(),
  z.object({ type: z.literal('reply'), message: text(10_000, 'message') }).strict(),
  z.object({ type: z.literal('note'), text: text(10_000, 'text') }).strict(),
  z.object({ type: z.literal('requestInfo'), questions: text(5_000, 'questions') }).strict(),
  z
    .object({
      type: z.literal('resolve'),
      summary: text(5_000, 'summary'),
      actionsTaken: text(5_000, 'actionsTaken').optional(),
      nextSteps: text(5_000, 'nextSteps').optional(),
    })
    .strict(),
  z.object({ type: z.literal('escalate'), reason: text(2_000, 'reason') }).strict(),
  z.object({ type: z.literal('recommendMediation'), reason: text(2_000, 'reason') }).strict(),
  z.object({ type: z.literal('close'), reason: text(2_000, 'reason') }).strict(),
  /** A phone call or chat with the customer, logged by staff: it counts as a staff reply (no email: they talked). */
  z
    .object({
      type: z.literal('logContact'),
      channel: z.enum(['chat', 'phone']),
      direction: z.enum(['inbound', 'outbound']),
      summary: text(10_000, 'summary'),
      /** When the conversation took place; now when absent. */
      at: z.iso.datetime({ offset: true, error: 'at must be an RFC 3339 instant' }).optional(),
    })
    .strict(),
  z.object({ type: z.literal('verifyIdentity'), method: IdentityMethodSchema, note: text(2_000, 'note').optional() }).strict(),
  // customer (`reply` above is also the customer's answer / information)
  z.object({ type: z.literal('acceptResolution') }).strict(),
  z.object({ type: z.literal('dispute'), reason: text(5_000, 'reason') }).strict(),
  z
    .object({
      type: z.literal('rate'),
      score: z.number({ error: 'score must be a whole number from 1 to 5' }).int('score must be a whole number from 1 to 5').min(1, 'score must be at least 1').max(5, 'score must be at most 5'),
      comment: z.string().trim().max(2_000, 'at most 2000 characters').optional(),
    })
    .strict(),
  // system (the workflow)
  z.object({ type: z.literal('acknowledge') }).strict(),
  z.object({ type: z.literal('timeout'), clock: ClockIdSchema }).strict(),
  /** Another case of the same customer was resolved at `resolvedAt`: the policy's next-issue clock starts on this one. */
  z.object({ type: z.literal('previousIssueResolved'), resolvedAt: z.iso.datetime({ offset: true, error: 'resolvedAt must be an RFC 3339 instant' }) }).strict(),
  /** An outage incident explains the case: link it, move it to the front of the queue, tell the customer the latest update. */
  z.object({ type: z.literal('linkIncident'), incident: IncidentNoticeSchema }).strict(),
  /** A new update of the linked incident: told to the customer once (a repeated update is refused, nothing sent twice). */
  z.object({ type: z.literal('incidentUpdate'), incident: IncidentNoticeSchema }).strict(),
  /** The incident is over: the link closes with a note and the case gets its own queue rank back. */
  z.object({ type: z.literal('unlinkIncident'), incidentId: z.string().min(1), note: text(2_000, 'note') }).strict(),
]);
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

export const STAFF_ACTIONS = ['claim', 'assign', 'reply', 'note', 'requestInfo', 'resolve', 'escalate', 'recommendMediation', 'close', 'verifyIdentity', 'logContact'] as const;
export const CUSTOMER_ACTIONS = ['reply', 'acceptResolution', 'dispute', 'rate'] as const;
export const SYSTEM_ACTIONS = ['acknowledge', 'timeout', 'previousIssueResolved', 'linkIncident', 'incidentUpdate', 'unlinkIncident'] as const;
