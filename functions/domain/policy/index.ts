/**
 * The policy API for every layer. Handlers import from here and tree shaking keeps only what they use: a handler
 * that loads a policy and reads categories carries no holiday, time-zone or date library (measured 1.6 MB -> 190 KB
 * minified for list-categories; test/domain/calendar/bundling.test.ts guards it). That holds because everything here
 * is side-effect-free ESM and the two ways the calendar used to leak in are gone: calendar validation checks holiday
 * regions against a generated table (calendar/known-region.ts), and holidays themselves come from another
 * (calendar/holiday-table.generated.ts), so no function loads date-holidays at all. esbuild drops a module reached
 * only through unused re-exports below, but not the modules a used name passes through on its way (`export *`): the
 * case model, which needs only the policy's names and no policy, imports them from policy/names.ts directly.
 */
export * from './schema';
export { loadPolicy, listPresets, parsePolicy, PolicyError, policyJsonSchema } from './load';
export { detailsSchemaFor, missingDetails } from './details';
export { DeadlineSchema, deadlineFor, planIntakeDeadlines, targetsFor, type CaseFacts, type Deadline, type IntakeDeadlines } from './deadlines';
export { renderMessage, humanizeVars, escapeHtml, MessageError, templateNames, type RenderedMessage, type RenderOptions } from './render';
export { formatInstant, formatSpan, humanizeInstants, isInstant, calendarZone, zoneName } from './human-time';
export { DEFAULT_TEMPLATES } from './default-templates';
export { brandingOf, DEFAULT_BRANDING, type ResolvedBranding } from './branding';
// The SLA clock API (issue 4's workflow calls these), re-exported so one import path serves every layer.
export * from '../sla/index';
