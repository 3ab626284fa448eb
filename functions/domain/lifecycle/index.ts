/** The complaint lifecycle, pure domain: model, transition function, clocks, timeline, queue order. */
export * from './model';
export { ActionSchema, CUSTOMER_ACTIONS, STAFF_ACTIONS, SYSTEM_ACTIONS, type Action, type ActionType } from './actions';
export { decide, ClockOpSchema, type Accepted, type ClockOp, type Decision } from './decide';
export { startLifecycle, caseStartOf, type CaseStart } from './start';
export { rungAt, statusOnLevel, roleForLevel, financeDecides, isCritical, isClosingRung, mediationNotice, offersMediation, finalDecisionNotice } from './ladder';
export { mayWorkOn, inDepartmentScope, scopeRefusal, departmentAt, worksAtLevel, type ScopedCase } from './scope';
export { nextIssueClock } from './sequencing';
export { LifecycleEventSchema, LifecycleEventTypeSchema, EventActorSchema, CustomerTimelineEntrySchema, customerView, ROLE_LABELS, type LifecycleEvent, type CustomerTimelineEntry } from './events';
export { NotificationSchema, RecipientSchema, NotificationTemplateSchema, type Notification, type Recipient } from './notifications';
export { ProblemSchema, refuse, type Problem, type Refusal, type RefusalStatus } from './problems';
export { WorkflowSignalSchema, WorkflowStepSchema, stepOf, nextTimer, dueClocks, type WorkflowSignal, type WorkflowStep, type NextTimer } from './signals';
export { compareQueue, queueKeys, queueSortKey, queueDue, sortableInstant, NO_DUE, type QueueItem } from './queue';
export { MAX_WAIT_SECONDS, workflowNext, type WorkflowNext } from './workflow-next';
export { LiveClockSchema, LiveClockStatusSchema, CLOCK_LABELS, liveClocks, type LiveClock, type LiveClockStatus, type LiveClockOptions } from './live-clocks';
