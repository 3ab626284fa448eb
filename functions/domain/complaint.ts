import * as z from './zod';
import { formatCaseNumber } from './case-number';
import { caseStartOf, startLifecycle } from './lifecycle/start';
import { detailsSchemaFor, missingDetails, planIntakeDeadlines, type Channel, type Policy } from './policy';
import {
  CustomerSchema,
  intakeChannels,
  type IntakeChannel,
  IntakeDeadlinesSchema,
  CaseStatusSchema,
  type Case,
} from './case';
import type { LifecycleEvent } from './lifecycle/events';
import { fieldErrors, type Parsed } from './field-errors';

/**
 * Intake: the body of `POST /complaints`, its validation against the policy in force, and the case it opens.
 * Pure: ids, times, tokens and sequence numbers come in as arguments.
 */

/**
 * The request body for a policy. `category` is an enum of the policy's slugs (so the OpenAPI document lists
 * them); `details` is checked per category by {@link parseComplaintRequest}. Unknown top-level fields are refused
 * so a typo such as `detail` fails loudly instead of silently dropping the customer's data.
 */
export function complaintRequestSchema(policy: Policy) {
  const cached = requestSchemas.get(policy);
  if (cached) return cached;
  const schema = buildRequestSchema(policy);
  requestSchemas.set(policy, schema);
  return schema;
}

function buildRequestSchema(policy: Policy) {
  const slugs = policy.categories.map((c) => c.slug) as [string, ...string[]];
  return z.strictObject({
      customer: CustomerSchema,
      category: z.enum(slugs, { error: 'unknown category; GET /categories lists the valid ones' }),
      subject: z.string().check(z.trim(), z.minLength(1, 'subject is required'), z.maxLength(200, 'at most 200 characters')),
      description: z.string().check(z.trim(), z.minLength(1, 'description is required'), z.maxLength(10_000, 'at most 10000 characters')),
      channel: z._default(z.enum(intakeChannels(policy) as [IntakeChannel, ...IntakeChannel[]], { error: `this policy takes complaints through ${intakeChannels(policy).join(', ')}` }), 'api'),
      details: z._default(z.record(z.string(), z.unknown(), { error: 'must be an object' }), {}).register(z.globalRegistry, { description: "The category's own fields, as listed by GET /categories (`details` of each category)." }),
      language: z.optional(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as vi or en-GB'))).register(z.globalRegistry, { description: "The customer's language; messages are written in it where the policy has them, else in the policy's own." }),
    }).register(z.globalRegistry, { id: 'ComplaintRequest' });
}
export type ComplaintRequest = z.output<ReturnType<typeof buildRequestSchema>>;
// Built once per policy object: loadPolicy caches the policy, so this is once per container.
const requestSchemas = new WeakMap<Policy, ReturnType<typeof buildRequestSchema>>();

/**
 * Channels whose complaints arrive as free text (an email, a direct message): they cannot carry the category's
 * required details, so the case opens without them and the policy's infoRequest clock runs until staff ask for
 * them. The form and the JSON API must give them.
 */
const FREE_TEXT_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'social']);

/**
 * Validates a complaint against the policy: the common fields, then the chosen category's details. All problems
 * are reported at once (a form can mark every bad field in one round trip).
 */
export function parseComplaintRequest(policy: Policy, input: unknown): Parsed<ComplaintRequest> {
  const base = complaintRequestSchema(policy).safeParse(input);
  const errors = base.success ? [] : fieldErrors(base.error.issues);
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const category = policy.categories.find((c) => c.slug === raw.category);
  const detailsInput = raw.details ?? {};
  let details: Record<string, unknown> | undefined;
  // Details are only meaningful for a known category and when `details` is an object at all (else already reported).
  if (category && typeof detailsInput === 'object' && detailsInput !== null && !Array.isArray(detailsInput)) {
    const requiredMayBeMissing = FREE_TEXT_CHANNELS.has(raw.channel as Channel);
    const parsed = detailsSchemaFor(policy, category.slug, { requiredMayBeMissing }).safeParse(detailsInput);
    if (parsed.success) details = parsed.data;
    else errors.push(...fieldErrors(parsed.error.issues, ['details']));
  }
  if (!base.success || errors.length > 0 || details === undefined) return { ok: false, errors };
  return { ok: true, value: { ...base.data, details } };
}

/** The 201 body of `POST /complaints`. */
export const CreatedComplaintSchema = z.object({
    id: z.uuid(),
    caseNumber: z.string().register(z.globalRegistry, { example: 'PE-2026-000123' }),
    status: CaseStatusSchema,
    deadlines: IntakeDeadlinesSchema,
    accessToken: z.string().register(z.globalRegistry, { description: 'Send as `Authorization: Bearer <accessToken>` to read the case.' }),
    statusUrl: z.url(),
  }).register(z.globalRegistry, { id: 'CreatedComplaint' });
export type CreatedComplaint = z.infer<typeof CreatedComplaintSchema>;

/**
 * The customer's status page. The token travels in the fragment, which browsers never send to a server, so it
 * stays out of access logs and Referer headers.
 */
export function statusUrl(publicBaseUrl: string, id: string, accessToken: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/case.html?id=${encodeURIComponent(id)}#token=${encodeURIComponent(accessToken)}`;
}

export interface IntakeFacts {
  id: string;
  caseSequence: number;
  receivedAt: Date;
  accessToken: string;
  accessTokenHash: string;
  /** When the same customer's previous case was resolved (the store's record), for the policy's sequencing. */
  previousResolvedAt?: Date;
}

/** Opens a case: category defaults (priority, department), the three intake clocks, and the first timeline event. */
export function openCase(policy: Policy, request: ComplaintRequest, facts: IntakeFacts): { theCase: Case; firstEvent: LifecycleEvent } {
  const category = policy.categories.find((c) => c.slug === request.category);
  if (!category) throw new Error(`unknown category "${request.category}"`); // parseComplaintRequest ran before
  const at = facts.receivedAt.toISOString();
  const deadlines = planIntakeDeadlines(policy, {
    category: category.slug,
    priority: category.defaultPriority,
    channel: request.channel,
    receivedAt: facts.receivedAt,
  });
  const opened: Omit<Case, 'lifecycle'> = {
    id: facts.id,
    caseNumber: formatCaseNumber(policy.caseNumberPrefix, facts.receivedAt.getUTCFullYear(), facts.caseSequence),
    status: 'received',
    policy: { name: policy.name, version: policy.version },
    channel: request.channel,
    category: category.slug,
    priority: category.defaultPriority,
    department: category.department,
    customer: request.customer,
    subject: request.subject,
    description: request.description,
    details: request.details,
    deadlines,
    createdAt: at,
    updatedAt: at,
    accessTokenHash: facts.accessTokenHash,
    accessTokenForDelivery: facts.accessToken,
    eventSeq: 1,
    tasks: {},
    breaches: {},
  };
  // The lifecycle starts from the same facts; its clocks come from the same policy engine as `deadlines`.
  const detailsMissing = missingDetails(policy, category.slug, request.details).length > 0;
  const start = { ...caseStartOf(opened), ...(detailsMissing ? { detailsMissing } : {}), ...(facts.previousResolvedAt ? { previousResolvedAt: facts.previousResolvedAt } : {}), ...(request.language ? { language: request.language } : {}) };
  const theCase: Case = { ...opened, lifecycle: startLifecycle(policy, start) };
  const firstEvent: LifecycleEvent = {
    caseId: facts.id,
    seq: 1,
    at,
    actor: { kind: 'customer', role: 'customer' },
    type: 'received',
    summary: `Complaint received through ${request.channel} as ${category.label}; case ${theCase.caseNumber} opened.`,
    clause: policy.sla.defaults.acknowledgment?.clause,
    deadlines: [deadlines.acknowledgment, deadlines.firstResponse, deadlines.resolution],
    visibility: 'customer',
  };
  return { theCase, firstEvent };
}

/** The 201 body for a freshly opened case. */
export const createdResponse = (theCase: Case, accessToken: string, publicBaseUrl: string): CreatedComplaint => ({
  id: theCase.id,
  caseNumber: theCase.caseNumber,
  status: theCase.status,
  deadlines: theCase.deadlines,
  accessToken,
  statusUrl: statusUrl(publicBaseUrl, theCase.id, accessToken),
});
