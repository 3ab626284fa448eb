import * as z from 'zod';
import { ChannelSchema } from '../../functions/domain/policy/schema';

const instant = z.iso.datetime({ offset: true, error: 'an RFC 3339 date-time with offset, e.g. 2026-11-20T16:29:00+07:00' });

export const ActionTypeSchema = z.enum([
  'acknowledge',
  'reply',
  'requestInfo',
  'customerAnswers',
  'update',
  'resolve',
  'escalate',
  'disputeUpdate',
  'disputeDecision',
  'close',
]);
export type ActionType = z.infer<typeof ActionTypeSchema>;

export const ActionSchema = z
  .object({
    at: instant,
    type: ActionTypeSchema,
    /** escalate: who asked (a customer's request or the agent's decision). */
    by: z.enum(['customer', 'staff']).optional(),
    note: z.string().optional(),
  })
  .strict();
export type Action = z.infer<typeof ActionSchema>;

export const ScenarioComplaintSchema = z
  .object({
    id: z.string().min(1),
    category: z.string().min(1),
    /** The category's default priority when absent. */
    priority: z.string().optional(),
    channel: ChannelSchema,
    receivedAt: instant,
    /** Groups complaints of one customer for per-customer sequencing (seed 002). */
    customer: z.string().optional(),
    subject: z.string().optional(),
    description: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    actions: z.array(ActionSchema).default([]),
  })
  .strict();
export type ScenarioComplaint = z.infer<typeof ScenarioComplaintSchema>;

export const ScenarioSchema = z
  .object({
    description: z.string().optional(),
    /** Clocks still running at this instant are judged against it; the last event's time when absent. */
    until: instant.optional(),
    complaints: z.array(ScenarioComplaintSchema).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
