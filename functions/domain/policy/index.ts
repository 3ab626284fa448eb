export * from './schema';
export { loadPolicy, listPresets, parsePolicy, PolicyError, policyJsonSchema } from './load';
export { detailsSchemaFor } from './details';
export { DeadlineSchema, deadlineFor, planIntakeDeadlines, targetsFor, type CaseFacts, type Deadline, type IntakeDeadlines } from './deadlines';
export { renderMessage, MessageError, templateNames, type RenderedMessage, type RenderOptions } from './render';
export { DEFAULT_TEMPLATES } from './default-templates';
// The SLA clock API (issue 4's workflow calls these), re-exported so one import path serves every layer.
export * from '../sla/index';
