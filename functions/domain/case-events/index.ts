/** Case events for integrators (event bus and webhooks): schema and mapping from timeline events. Pure domain. */
export { CaseEventSchema, CASE_EVENT_SOURCE, caseEventDetailType, caseEventOf, type CaseEvent } from './case-event';
export { WEBHOOK_HEADERS } from './webhook-headers';
