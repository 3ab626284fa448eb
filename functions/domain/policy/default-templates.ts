import type { MessageTemplate } from './schema';

/**
 * The customer notifications every policy can send, named as the lifecycle's notification templates
 * (functions/domain/lifecycle/notifications.ts). A policy overrides any of them in `messages.templates`; these
 * defaults keep a policy that only writes its acknowledgment complete. No salutation or sign-off: the policy's
 * greeting and closing frame every message. `{{#name}}…{{/name}}` is kept only when `name` has a value.
 */
export const DEFAULT_TEMPLATES: Record<string, MessageTemplate> = {
  incident_update: {
    subject: 'Case {{caseNumber}}: {{incidentTitle}}',
    body: 'Your case {{caseNumber}} is affected by a known problem on our side: {{incidentTitle}}.\n\n{{message}}{{#alternativeContacts}}\n\nWhile it lasts you can also reach us here: {{alternativeContacts}}.{{/alternativeContacts}}\n\nFollow your case here: {{statusUrl}}',
  },
  acknowledgment: {
    subject: 'We received your complaint {{caseNumber}}',
    body: 'We have received your complaint "{{subject}}" and registered it as case {{caseNumber}}.\n\nEstimated resolution: by {{resolutionDue}}.{{#payoutExpected}}\n\nYour withdrawal should reach your bank by {{payoutExpected}}.{{/payoutExpected}}\n\nFollow your case here: {{statusUrl}}',
  },
  // To the previous address after a correction of the email (functions/core/use-cases/correct-contact.ts).
  email_changed: {
    subject: 'Case {{caseNumber}}: the email address was changed',
    body: 'The email address on your case {{caseNumber}} was changed on {{changedAt}} to {{newAddress}}. From now on we write about it to the new address only.\n\nIf you made this change, there is nothing to do. If you did not, contact us straight away{{#supportAddress}} at {{supportAddress}}{{/supportAddress}}, quoting case {{caseNumber}}, so we can secure your case.',
  },
  staff_reply: {
    subject: 'Update on case {{caseNumber}}',
    body: '{{message}}\n\nYou can answer and follow your case here: {{statusUrl}}',
  },
  info_request: {
    subject: 'More details needed for case {{caseNumber}}',
    body: 'To resolve case {{caseNumber}} we need more information:\n\n{{questions}}\n\nPlease answer here: {{statusUrl}}{{#closesAt}}\n\nWithout an answer the case will be closed on {{closesAt}}; after that, please open a new complaint.{{/closesAt}}',
  },
  info_reminder: {
    subject: 'Reminder: we are waiting for your answer on case {{caseNumber}}',
    body: 'We still need your answer to resolve case {{caseNumber}}.{{#dueAt}} Without it the case will be closed on {{dueAt}}.{{/dueAt}}\n\nAnswer here: {{statusUrl}}',
  },
  progress_update: {
    subject: 'Case {{caseNumber}}: we are still working on it',
    body: 'We are still working on case {{caseNumber}}.{{#dueAt}} You will hear from us again by {{dueAt}}.{{/dueAt}}\n\nFollow your case here: {{statusUrl}}',
  },
  resolution: {
    subject: 'Case {{caseNumber}} resolved',
    body: 'Your case {{caseNumber}} has been resolved.\n\nResolution: {{resolution}}{{#actionsTaken}}\n\nActions taken: {{actionsTaken}}{{/actionsTaken}}{{#nextSteps}}\n\nNext steps: {{nextSteps}}{{/nextSteps}}\n\nYou can accept the resolution or dispute it here: {{statusUrl}}',
  },
  satisfaction_survey: {
    subject: 'How did we do on case {{caseNumber}}?',
    body: 'Please rate how we handled case {{caseNumber}} (1 to 5) and tell us what we could do better: {{statusUrl}}',
  },
  escalated_senior: {
    subject: 'Case {{caseNumber}} escalated to {{rung}}',
    body: 'Your case {{caseNumber}} is now with {{rung}}.{{#seniorResponseDue}} You will receive a response by {{seniorResponseDue}}.{{/seniorResponseDue}}\n\nFollow your case here: {{statusUrl}}',
  },
  escalated_dispute_review: {
    subject: 'Case {{caseNumber}} is under independent review',
    body: 'Your case {{caseNumber}} is now reviewed by {{rung}}.{{#disputeUpdateDue}} You will receive an update by {{disputeUpdateDue}}{{/disputeUpdateDue}}{{#disputeDecisionDue}} and a proposed resolution by {{disputeDecisionDue}}{{/disputeDecisionDue}}.\n\nFollow your case here: {{statusUrl}}',
  },
  dispute_update_overdue: {
    subject: 'Case {{caseNumber}}: the review is taking longer',
    body: 'The review of case {{caseNumber}} is taking longer than we promised. We apologise.{{#dueAt}} The proposed resolution is due by {{dueAt}}.{{/dueAt}}\n\nFollow your case here: {{statusUrl}}',
  },
  mediation_recommended: {
    subject: 'Case {{caseNumber}}: independent mediation',
    body: '{{notice}}\n\nFollow your case here: {{statusUrl}}',
  },
  final_decision: {
    subject: 'Case {{caseNumber}}: final decision',
    body: '{{notice}}\n\nYou can still read your case here: {{statusUrl}}',
  },
  closed: {
    subject: 'Case {{caseNumber}} closed',
    body: 'Case {{caseNumber}} is closed.\n\nYou can still read it here: {{statusUrl}}',
  },
  refund_approved: {
    subject: 'Case {{caseNumber}}: your refund of {{amount}} is approved',
    body: 'We approved a refund of {{amount}} for {{reference}} and have asked our payment provider to pay it back. We will write again when it is paid.\n\nFollow your case here: {{statusUrl}}',
  },
  refund_rejected: {
    subject: 'Case {{caseNumber}}: about your refund of {{amount}}',
    body: 'We reviewed a refund of {{amount}} for {{reference}} and cannot approve it.\n\nReason: {{reason}}\n\nYou can answer and follow your case here: {{statusUrl}}',
  },
  refund_succeeded: {
    subject: 'Case {{caseNumber}}: your refund of {{amount}} is paid',
    body: 'Our payment provider has paid back {{amount}}. Depending on your bank it can take a few business days to show on your statement.\n\nFollow your case here: {{statusUrl}}',
  },
  refund_delayed_customer: {
    subject: 'Case {{caseNumber}}: your refund is with our finance lead',
    body: 'Your refund of {{amount}} is taking longer to approve than we promised. We apologise: it is now with our finance lead, and we will write as soon as it is decided.\n\nFollow your case here: {{statusUrl}}',
  },
  chargeback_outcome: {
    subject: 'Case {{caseNumber}}: the card dispute of {{amount}} is settled',
    body: 'The card dispute of {{amount}} is settled. Result: {{outcome}}.\n\nFollow your case here: {{statusUrl}}',
  },
};
