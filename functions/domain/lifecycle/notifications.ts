import * as z from '../zod';

/**
 * Messages a decision asks to send. The workflow renders them with the policy's templates (greeting and closing
 * enforced) and sends them through SES. `vars` never carry the customer's name or email: the mailer reads the
 * contact from the case, so personal data stays out of the workflow's event history.
 */

/** `assignee` is the staff member on the case; the `*_team` recipients are the queues of a level when nobody is assigned. */
export const RecipientSchema = z.enum(['customer', 'assignee', 'supervisor', 'support_team', 'senior_team', 'dispute_team', 'finance_team']);
export type Recipient = z.infer<typeof RecipientSchema>;

export const NotificationTemplateSchema = z.enum([
  'staff_reply',
  'info_request',
  'info_reminder',
  'customer_message', // to staff: the customer wrote
  'progress_update',
  'resolution', // detailed: resolution, actions taken, next steps, how to accept or dispute, the survey
  'satisfaction_survey',
  'escalated_senior',
  'escalated_dispute_review',
  'dispute_update_overdue',
  'mediation_recommended',
  'final_decision', // to the customer: the last internal review decided; the policy offers no mediation
  'closed',
  'breach', // to the supervisor: a promise was broken
  'case_assigned',
  'incident_update', // to the customer: an outage explains the case; what we know, and how else to reach us
  // Money: refunds and chargebacks (functions/domain/finance), customer-facing ones only; staff hear of finance by notice.
  'refund_approved',
  'refund_rejected',
  'refund_succeeded',
  'refund_delayed_customer',
  'chargeback_outcome',
]);
export type NotificationTemplate = z.infer<typeof NotificationTemplateSchema>;

export const NotificationSchema = z.strictObject({
    to: RecipientSchema,
    template: NotificationTemplateSchema,
    caseId: z.string(),
    vars: z.record(z.string(), z.string()),
    /** Customer messages only: the case's language, for the renderer (`renderMessage(..., { language })`). */
    language: z.optional(z.string()),
  });
export type Notification = z.infer<typeof NotificationSchema>;
