import * as z from '../zod';
import { ClockIdSchema, IdentityMethodSchema } from './model';

/**
 * Everything anyone can do to a case. The handler parses the request into one of these (the wire shape);
 * `decide` validates it again so a malformed action is a 422 naming the field, never a half-applied change.
 */

/** What a case is told of an incident: which one, its words, the update's number and the other ways to reach us. */
export const IncidentNoticeSchema = z.strictObject({ id: z.string().check(z.minLength(1)), title: z.string().check(z.minLength(1)), seq: z.number().check(z.int(), z.positive()), message: z.string().check(z.minLength(1)), contacts: z.string() });
export type IncidentNotice = z.infer<typeof IncidentNoticeSchema>;

const text = (max: number, what: string) => z.string().check(z.trim(), z.minLength(1, `${what} is required`), z.maxLength(max, `at most ${max} characters`));

export const ActionSchema = z.discriminatedUnion('type', [
  // staff
  z.strictObject({ type: z.literal('claim') }),
  z.strictObject({ type: z.literal('assign'), to: z.string().check(z.minLength(1, 'to is required')) }),
  z.strictObject({ type: z.literal('reply'), message: text(10_000, 'message') }),
  z.strictObject({ type: z.literal('note'), text: text(10_000, 'text') }),
  z.strictObject({ type: z.literal('requestInfo'), questions: text(5_000, 'questions') }),
  z.strictObject({
      type: z.literal('resolve'),
      summary: text(5_000, 'summary'),
      actionsTaken: z.optional(text(5_000, 'actionsTaken')),
      nextSteps: z.optional(text(5_000, 'nextSteps')),
    }),
  z.strictObject({ type: z.literal('escalate'), reason: text(2_000, 'reason') }),
  z.strictObject({ type: z.literal('recommendMediation'), reason: text(2_000, 'reason') }),
  z.strictObject({ type: z.literal('close'), reason: text(2_000, 'reason') }),
  /** A phone call or chat with the customer, logged by staff: it counts as a staff reply (no email: they talked). */
  z.strictObject({
      type: z.literal('logContact'),
      channel: z.enum(['chat', 'phone']),
      direction: z.enum(['inbound', 'outbound']),
      summary: text(10_000, 'summary'),
      /** When the conversation took place; now when absent. */
      at: z.optional(z.iso.datetime({ offset: true, error: 'at must be an RFC 3339 instant' })),
    }),
  z.strictObject({ type: z.literal('verifyIdentity'), method: IdentityMethodSchema, note: z.optional(text(2_000, 'note')) }),
  // customer (`reply` above is also the customer's answer / information)
  z.strictObject({ type: z.literal('acceptResolution') }),
  z.strictObject({ type: z.literal('dispute'), reason: text(5_000, 'reason') }),
  z.strictObject({
      type: z.literal('rate'),
      score: z.number({ error: 'score must be a whole number from 1 to 5' }).check(z.int('score must be a whole number from 1 to 5'), z.gte(1, 'score must be at least 1'), z.lte(5, 'score must be at most 5')),
      comment: z.optional(z.string().check(z.trim(), z.maxLength(2_000, 'at most 2000 characters'))),
    }),
  // system (the workflow)
  z.strictObject({ type: z.literal('acknowledge') }),
  z.strictObject({ type: z.literal('timeout'), clock: ClockIdSchema }),
  /** Another case of the same customer was resolved at `resolvedAt`: the policy's next-issue clock starts on this one. */
  z.strictObject({ type: z.literal('previousIssueResolved'), resolvedAt: z.iso.datetime({ offset: true, error: 'resolvedAt must be an RFC 3339 instant' }) }),
  /** An outage incident explains the case: link it, move it to the front of the queue, tell the customer the latest update. */
  z.strictObject({ type: z.literal('linkIncident'), incident: IncidentNoticeSchema }),
  /** A new update of the linked incident: told to the customer once (a repeated update is refused, nothing sent twice). */
  z.strictObject({ type: z.literal('incidentUpdate'), incident: IncidentNoticeSchema }),
  /** The incident is over: the link closes with a note and the case gets its own queue rank back. */
  z.strictObject({ type: z.literal('unlinkIncident'), incidentId: z.string().check(z.minLength(1)), note: text(2_000, 'note') }),
]);
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

export const STAFF_ACTIONS = ['claim', 'assign', 'reply', 'note', 'requestInfo', 'resolve', 'escalate', 'recommendMediation', 'close', 'verifyIdentity', 'logContact'] as const;
export const CUSTOMER_ACTIONS = ['reply', 'acceptResolution', 'dispute', 'rate'] as const;
export const SYSTEM_ACTIONS = ['acknowledge', 'timeout', 'previousIssueResolved', 'linkIncident', 'incidentUpdate', 'unlinkIncident'] as const;
