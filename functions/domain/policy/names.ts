import * as z from '../zod';

/**
 * The policy's vocabulary: channels, clocks and queue keys, which the case model and many handlers name without
 * needing the whole policy schema. A module of its own because esbuild keeps every top-level schema of a module it
 * includes (a zod call may have effects as far as it knows): importing these from schema.ts put the policy schema
 * into every bundle. schema.ts re-exports them, so `../policy` stays the one import path.
 */

export const ChannelSchema = z.enum(['api', 'web', 'email', 'social', 'chat', 'phone']);
export type Channel = z.infer<typeof ChannelSchema>;

/**
 * Every clock the workflow can run. Each is optional in a policy; a clock the policy does not set is not run.
 * - acknowledgment: receipt confirmed to the customer. firstResponse: a human starts on the case / contacts the customer.
 * - nextReply: after a customer message, the next staff reply. periodicUpdate: interval between updates while open.
 * - infoRequest: the customer is contacted for missing details. resolution: the case is resolved.
 * - silenceReminder / silenceClose: customer silence after a request for information (reminder, then close).
 * - autoEscalation: unresolved this long after receipt → escalated to the first rung. seniorResponse: the senior's answer.
 * - disputeUpdate / disputeDecision: Dispute Resolution Team review (update, then decision).
 * - followUp: satisfaction survey after resolution. followUpClose: closed this long after the survey.
 * - maxProcessing: hard maximum from receipt to resolution (a breach goes to the supervisor).
 * - nextIssue: per-customer sequencing; its target is `sequencing.nextIssueWithin`, never an `sla` target.
 * - payoutArrival: a payout-delay complaint's withdrawal reaches the bank; its target is
 *   `finance.payouts.arrivalWithin`, counted from the withdrawal, never an `sla` target.
 */
export const ClockNameSchema = z.enum([
  'acknowledgment',
  'firstResponse',
  'nextReply',
  'periodicUpdate',
  'infoRequest',
  'resolution',
  'silenceReminder',
  'silenceClose',
  'autoEscalation',
  'seniorResponse',
  'disputeUpdate',
  'disputeDecision',
  'followUp',
  'followUpClose',
  'maxProcessing',
  'nextIssue',
  'payoutArrival',
]);
export type ClockName = z.infer<typeof ClockNameSchema>;
export const CLOCK_NAMES: readonly ClockName[] = ClockNameSchema.options;

export const QueueKeySchema = z.enum(['due', 'priority', 'receivedAt']);
export type QueueKey = z.infer<typeof QueueKeySchema>;
