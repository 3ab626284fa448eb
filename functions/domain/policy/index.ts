export * from './schema';
export { loadPolicy, listPresets, parsePolicy, PolicyError, policyJsonSchema } from './load';
export { detailsSchemaFor } from './details';
export { DeadlineSchema, deadlineFor, planIntakeDeadlines, targetsFor, type CaseFacts, type Deadline, type IntakeDeadlines } from './deadlines';
export { renderMessage, type RenderedMessage } from './render';
