import { OpenApiRegistry } from './openapi-registry';
import * as z from '../domain/zod';
import { PublicCategoriesSchema } from '../domain/complaint-categories';
import { complaintRequestSchema, CreatedComplaintSchema } from '../domain/complaint';
import { ChannelSchema, detailsSchemaFor, type Policy } from '../domain/policy';
import { ActionSchema, CUSTOMER_ACTIONS, STAFF_ACTIONS } from '../domain/lifecycle/actions';
import { AttentionEntrySchema, CustomerCaseViewSchema, QueueEntrySchema, StaffCaseViewSchema } from '../domain/case-view';
import { CaseStatusSchema } from '../domain/case';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from './http/problem';
import { KpiQuerySchema, KpiTableSchema } from '../analytics/read-kpis';
import { CaseEventSchema, WEBHOOK_HEADERS } from '../domain/case-events';
import { registerFinanceRoutes } from './finance/finance-openapi';
import { registerChannelRoutes } from '../channels/handlers/channels-openapi';
import { registerIdentityPaths } from './identity/openapi-paths';
import { LiftFlagSchema } from '../core/use-cases/lift-flag';
import { StaffCaseReadSchema } from '../core/use-cases/read-case';
import { registerSealedFieldPaths } from './sealed/openapi-paths';
import { registerPrivacyPaths } from './privacy/openapi-paths';
import { registerReportPaths } from './kpi/report-openapi-paths';
import { registerIncidentRoutes } from './incidents/incidents-openapi';

/**
 * The OpenAPI 3.1 document of the public API, generated from the same zod schemas the handlers validate with
 * (so the document cannot drift from the code). Each category's `details` schema is a component of its own,
 * `Details_<slug>`; the request body lists them as alternatives, since which one applies depends on `category`.
 */
export function buildOpenApiDocument(policy: Policy) {
  const registry = new OpenApiRegistry();
  const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });
  // functions/api/http/problem-error-handler.ts: a timeout, throttling or a 5xx of a service we call, after the SDK's retries.
  const unavailable = problem('A service the API relies on did not answer in time (no details are disclosed); `Retry-After` says when to try again');
  const json = (description: string, schema: z.ZodMiniType) => ({ description, content: { 'application/json': { schema } } });
  // API Gateway's own throttling answer: it is not ours to shape, so its body is not problem+json.
  const throttled = json(
    'Too many requests: the API stage throttles (API Gateway answers this itself, with the body `{"message":"Too Many Requests"}`, not problem+json)',
    z.object({ message: z.string() }).register(z.globalRegistry, { id: 'GatewayMessage' }),
  );

  const detailSchemas = policy.categories.map((c) =>
    detailsSchemaFor(policy, c.slug).register(z.globalRegistry, { id: `Details_${c.slug}`, description: `\`details\` for category "${c.slug}" (${c.label})` }),
  );
  // The handler checks `details` against the chosen category; the document spells out the alternatives.
  const requestBody = z.extend(complaintRequestSchema(policy), {
      details: z.optional(z.union(detailSchemas)).register(z.globalRegistry, { description: 'The details of the chosen category: `Details_<category>`; GET /categories describes each field.' }),
    }).register(z.globalRegistry, { id: 'ComplaintRequest' });
  registry.registerComponent('securitySchemes', 'caseAccessToken', {
    type: 'http',
    scheme: 'bearer',
    description: "The case's access token, returned once by POST /complaints and sent in the acknowledgment email.",
  });

  registry.registerPath({
    method: 'get',
    path: '/categories',
    operationId: 'listCategories',
    tags: ['Complaints'],
    security: [],
    summary: 'Complaint categories of the policy in force, with the details each one requires',
    responses: { 200: json('The categories', PublicCategoriesSchema), 429: throttled },
  });

  registry.registerPath({
    method: 'post',
    path: '/complaints',
    operationId: 'createComplaint',
    tags: ['Complaints'],
    security: [],
    summary: 'File a complaint',
    request: {
      headers: z.object({
        'Idempotency-Key': z.optional(z.string().check(z.minLength(1), z.maxLength(255))).register(z.globalRegistry, {
          description:
            'Retrying with the same key and body within 24 h returns the original response; another body gets 409. Without a key, the same body from the same client within 15 minutes also returns the original response (a lost answer retried), so send a new key for a deliberate second complaint of the same words.',
        }),
      }),
      body: { required: true, content: { 'application/json': { schema: requestBody } } },
    },
    responses: {
      201: {
        ...json('Complaint accepted; the workflow (acknowledgment email, clocks) has started', CreatedComplaintSchema),
        headers: z.object({ Location: z.string().register(z.globalRegistry, { description: 'The complaint resource, /complaints/{id}' }) }),
      },
      400: problem('Malformed JSON or a malformed Idempotency-Key header'),
      409: problem('The Idempotency-Key was already used for a different request'),
      413: problem('The body exceeds 64 KiB'),
      415: problem('The body is not application/json'),
      422: problem('Invalid fields; `errors` names each one, e.g. `details.prospectEmail`'),
      429: problem('Too many new complaints for this email (5 an hour) or from this client (20 an hour); `Retry-After` says when to try again. A replay with the same Idempotency-Key is not counted'),
      500: problem('Unexpected error (no details are disclosed)'),
      503: unavailable,
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/complaints/{id}',
    operationId: 'getComplaint',
    tags: ['Complaints'],
    summary: 'The case and its customer-visible timeline',
    security: [{ caseAccessToken: [] }],
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: json('The case', CustomerCaseViewSchema),
      404: problem('No such case, or the token is missing, wrong or belongs to another case (indistinguishable on purpose)'),
      500: problem('Unexpected error (no details are disclosed)'),
      503: unavailable,
    },
  });

  registry.registerComponent('securitySchemes', 'staffJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A staff access token (Cognito user pool on AWS; the local development identity on `npm start`). Roles are the `cognito:groups` claim: agent, senior, dispute_team, supervisor, finance.',
  });
  // The wire shape of an action: the lifecycle's ActionSchema (discriminator `type`), per route.
  const wireAction = (names: readonly string[], id: string) =>
    z
      .union(
        (ActionSchema.def.options as unknown as z.ZodMiniObject<{ type: z.ZodMiniLiteral<string> }>[])
          .filter((o) => names.includes(o.shape.type.def.values[0]!))
          .map((o) => o) as unknown as [z.ZodMiniType, z.ZodMiniType, ...z.ZodMiniType[]],
      )
      .register(z.globalRegistry, { id });
  const caseId = z.object({ id: z.uuid() });
  const refusals = {
    400: problem('Malformed JSON'),
    403: problem('This role may not do this on this case (its rung, its assignee, finance-only decisions)'),
    409: problem('Out of turn or repeated (already claimed, already resolved, not acknowledged yet, the case changed meanwhile)'),
    410: problem('The case is closed, or the step the action answered already timed out'),
    415: problem('The body is not application/json'),
    422: problem('Missing, unknown or malformed action; `errors` names the field (`type`, `message`, `score`...)'),
    500: problem('Unexpected error (no details are disclosed)'),
    503: unavailable,
  };

  const pageFields = {
    total: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: 'Every match the caller may see, on every page' }),
    has_more: z.boolean(),
    next: z.optional(z.string()).register(z.globalRegistry, { description: 'The next page, relative to this request (also the `Link: <…>; rel="next"` header); absent on the last page' }),
    cursor: z.optional(z.string()).register(z.globalRegistry, { description: 'The cursor inside `next`' }),
  };
  const nextLinkHeader = { link: z.optional(z.string()).register(z.globalRegistry, { description: 'RFC 8288: `<next page>; rel="next"` when there is one' }) };
  const flagParam = (description: string) => z.optional(z.enum(['true', 'false'])).register(z.globalRegistry, { description });
  const slugParam = (description: string) => z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/))).register(z.globalRegistry, { description });

  registry.registerPath({
    method: 'get',
    path: '/staff/queue',
    operationId: 'listStaffQueue',
    tags: ['Staff'],
    summary: "The cases this member of staff works on, filtered and searched, in the policy's queue order or by due time",
    description:
      'Department scope always applies: a filter narrows what the caller may see, never widens it. Every page reads the asked status partitions whole (docs/contracts.md, "The staff queue"), so `total` is exact.',
    security: [{ staffJwt: [] }],
    request: {
      query: z.object({
        mine: flagParam('Only cases assigned to the caller'),
        unassigned: flagParam('Only cases nobody is assigned to (not with `mine`)'),
        status: z.optional(z.string()).register(z.globalRegistry, { description: `One status or several, comma-separated (${CaseStatusSchema.options.join(', ')}); default: every open status` }),
        category: slugParam('Category slug'),
        department: slugParam('The department working the case now (the category\'s on the front line, the rung\'s when the rung names one)'),
        priority: slugParam('Priority slug'),
        channel: z.optional(ChannelSchema).register(z.globalRegistry, { description: 'Intake channel' }),
        breached: flagParam('Only cases that broke a promise: a breached clock, or a running staff deadline already past'),
        atRiskHours: z.optional(z.number().check(z.int(), z.gte(1), z.lte(720))).register(z.globalRegistry, { description: 'Only cases breached or with a running staff deadline within this many hours' }),
        q: z.optional(z.string().check(z.minLength(1), z.maxLength(200))).register(z.globalRegistry, { description: "The case number or the customer's email (exact, any case), or words that start words of the subject (accents ignored)" }),
        updated_since: z.optional(z.string()).register(z.globalRegistry, { description: 'Only cases changed at or after this RFC 3339 instant' }),
        sort: z.optional(z.enum(['policy', 'due'])).register(z.globalRegistry, { description: "`policy` (default): the policy's queue order. `due`: breached first (earliest breach first), then the earliest running staff deadline" }),
        limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))).register(z.globalRegistry, { description: 'Page size, default 25' }),
        cursor: z.optional(z.string().check(z.maxLength(1024))).register(z.globalRegistry, { description: 'Opaque and signed, from `next`; valid only with the same filters and caller' }),
      }),
    },
    responses: {
      200: {
        ...json('One page', z.object({ items: z.array(QueueEntrySchema), ...pageFields }).register(z.globalRegistry, { id: 'QueuePage' })),
        headers: z.object(nextLinkHeader),
      },
      400: problem('A cursor this API did not hand out for this query (signed cursors only; named in `errors`)'),
      401: problem('No valid staff token'),
      403: problem('The token carries no staff role'),
      422: problem('Invalid query parameter (named in `errors`)'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/staff/attention',
    operationId: 'listCasesNeedingAttention',
    tags: ['Staff'],
    summary: 'Supervisors: the cases the workflow gave up on and flagged for a person, with why and when, oldest first',
    security: [{ staffJwt: [] }],
    request: {
      query: z.object({
        limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))).register(z.globalRegistry, { description: 'Page size, default 50' }),
        cursor: z.optional(z.string().check(z.maxLength(1024))).register(z.globalRegistry, { description: 'Opaque and signed, from `next`' }),
      }),
    },
    responses: {
      200: {
        ...json('One page', z.object({ items: z.array(AttentionEntrySchema), ...pageFields }).register(z.globalRegistry, { id: 'AttentionPage' })),
        headers: z.object(nextLinkHeader),
      },
      400: problem('A cursor this API did not hand out for this list (named in `errors`)'),
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      422: problem('Invalid query parameter (named in `errors`)'),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/attention/lift',
    operationId: 'liftAttentionFlag',
    tags: ['Staff'],
    summary: 'Supervisors: take a case off the "needs attention" list by hand, saying why (noted on the case, audited)',
    security: [{ staffJwt: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: LiftFlagSchema } } } },
    responses: {
      200: json('The flag lifted', z.object({ caseId: z.uuid(), liftedFlag: z.object({ at: z.iso.datetime({ offset: true }), error: z.string() }) }).register(z.globalRegistry, { id: 'FlagLifted' })),
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      404: problem('No such case'),
      409: problem('The case has no flag, or it changed since it was read'),
      422: problem('Invalid body (named in `errors`)'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/staff/complaints/{id}',
    operationId: 'getStaffComplaint',
    tags: ['Staff'],
    summary: 'The whole case: lifecycle state, clocks, internal events',
    security: [{ staffJwt: [] }],
    request: { params: caseId },
    responses: { 200: json('The case, with the customer\'s step-up and every legal hold standing on it', StaffCaseReadSchema), 401: problem('No valid staff token'), 403: problem('No staff role'), 404: problem('No such case') },
  });

  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/actions',
    operationId: 'actOnComplaintAsStaff',
    tags: ['Staff'],
    summary: 'Claim, assign, reply, note, request information, resolve, escalate, recommend mediation, close',
    security: [{ staffJwt: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: wireAction(STAFF_ACTIONS, 'StaffAction') } } } },
    responses: { 200: json('The case after the action', StaffCaseViewSchema), 401: problem('No valid staff token'), 404: problem('No such case'), ...refusals },
  });

  registry.registerPath({
    method: 'post',
    path: '/complaints/{id}/actions',
    operationId: 'actOnComplaintAsCustomer',
    tags: ['Complaints'],
    summary: 'The customer replies (or provides the requested information), accepts or disputes the resolution, or rates the handling',
    security: [{ caseAccessToken: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: wireAction(CUSTOMER_ACTIONS, 'CustomerAction') } } } },
    responses: {
      200: json('The case as the customer sees it', CustomerCaseViewSchema),
      404: problem('No such case, or the token is missing, wrong or belongs to another case (indistinguishable on purpose)'),
      ...refusals,
      403: problem(
        'A sensitive action (disputing a money complaint; any action on a category the policy flags `verify_identity`) without a fresh step-up: type `urn:redress:problem:step-up-required`; ask for a code (`POST /complaints/{id}/step-up`), verify it, try again',
      ),
    },
  });

  registerFinanceRoutes(registry);
  registerChannelRoutes(registry);

  registry.registerPath({
    method: 'get',
    path: '/staff/kpis',
    operationId: 'getStaffKpis',
    tags: ['Staff'],
    summary: "KPIs per period (day, week, month in the policy's time zone) and dimension, each against the policy's target; supervisors only",
    security: [{ staffJwt: [] }],
    request: { query: KpiQuerySchema },
    responses: {
      200: {
        description: 'The KPI table (JSON), or with `format=csv` the same lines as an RFC 4180 CSV attachment',
        content: { 'application/json': { schema: KpiTableSchema }, 'text/csv': { schema: z.string() } },
      },
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      422: problem('Invalid query parameter (named in `errors`)'),
    },
  });

  registry.registerComponent('securitySchemes', 'webhookKey', {
    type: 'apiKey',
    in: 'header',
    name: WEBHOOK_HEADERS.key,
    description: "The subscription's shared key, sent by Redress to the subscriber (the API destination connection's API key).",
  });
  // Every case event, as the EventBridge bus carries it (`detail`) and webhook subscribers receive it.
  registry.registerWebhook({
    method: 'post',
    path: 'caseEvent',
    operationId: 'caseEvent',
    tags: ['Events'],
    security: [{ webhookKey: [] }],
    summary: 'A case event: sent to each webhook subscriber (on AWS the signed delivery function, or an API destination; the local stack on `npm start`)',
    description:
      'At least once, in timeline order per case; drop repeats by `id`. The body carries no personal data and no internal notes. ' +
      `On the bus: source \`redress.cases\`, detail-type "Case <type with spaces>", e.g. "Case resolved".`,
    request: {
      headers: z.object({
        [WEBHOOK_HEADERS.eventId]: z.string().register(z.globalRegistry, { description: 'The event id (`<case id>#<seq>`), the same as `id` in the body' }),
        [WEBHOOK_HEADERS.eventType]: z.string().register(z.globalRegistry, { description: 'The detail-type, e.g. "Case resolved"' }),
        [WEBHOOK_HEADERS.signature]: z.optional(z.string()).register(z.globalRegistry, { description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` under the subscription\'s signing secret. Verify it over the raw body before parsing, compare in constant time, and refuse a `t` more than 5 minutes from your clock (a captured request cannot be replayed later); drop repeats by the event id. Sent by the signed delivery (the default on AWS) and locally; not by an API-destination subscription' }),
      }),
      body: { required: true, content: { 'application/json': { schema: CaseEventSchema } } },
    },
    responses: { 200: { description: 'Received; any 2xx acknowledges. Other answers are retried for up to 24 hours.' } },
  });

  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tags: ['Meta'],
    security: [],
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: z.looseObject({}) } } }, 429: throttled },
  });

  registerIdentityPaths(registry, { problem, json });
  registerSealedFieldPaths(registry, { problem, json });
  registerPrivacyPaths(registry, { problem, json });
  registerReportPaths(registry, { problem, json });
  registerIncidentRoutes(registry, { problem, json });

  const document = registry.generateDocument({
    openapi: '3.1.0',
    // Relative: the document describes the origin that serves it (the CloudFront site on AWS, the local gateway).
    servers: [{ url: '/', description: 'The origin serving this document: the hosted site (CloudFront) on AWS, http://localhost:3000 on `npm start`' }],
    tags: [
      { name: 'Complaints', description: "Filing a complaint and the customer's own case (public; the case's access token where a case is read or acted on)" },
      { name: 'Staff', description: 'The staff queue, cases and actions (a staff JWT with a role in `cognito:groups`)' },
      { name: 'Meta', description: 'This document' },
      { name: 'Events', description: 'Case events sent to integrators (webhooks)' },
      { name: 'Finance', description: "Refunds, the finance queue, totals and export (a staff JWT), and the payment provider's webhook (its signature)" },
      { name: 'Attachments', description: "Files on a case: upload forms and short-lived download links (the case's access token, or a staff JWT)" },
      { name: 'Channels', description: "Inbound channels' webhooks: the messaging platforms' direct messages (their signature)" },
    ],
    info: {
      title: 'Redress complaint API',
      version: policy.version,
      description: `Public complaint intake under the policy "${policy.name}" ${policy.version}. Errors are RFC 9457 problem details, with the exceptions API Gateway answers itself on AWS: its throttling (429) and, on staff routes, its JWT authorizer's 401 (see the \`StaffUnauthorized\` response). A request no route takes gets a problem+json 404, or 405 with \`Allow\`.`,
    },
  });
  return withStaffUnauthorized(document);
}

/**
 * Every staff operation's 401, described once: on AWS the HTTP API's JWT authorizer refuses a missing, expired or
 * forged token before any handler runs, and an HTTP API cannot reshape that answer (it has no gateway responses),
 * so its body is API Gateway's own; locally, and from the handler itself, the 401 is problem+json.
 * docs/contracts.md ("Errors API Gateway answers itself") gives the reasons and the figures behind this choice.
 */
function withStaffUnauthorized<D extends ReturnType<OpenApiRegistry['generateDocument']>>(document: D): D {
  const isStaff = (op: { security?: Record<string, string[]>[] }) => op.security?.length === 1 && 'staffJwt' in op.security[0]!;
  for (const item of Object.values(document.paths ?? {})) {
    for (const op of Object.values(item as Record<string, { security?: Record<string, string[]>[]; responses?: Record<string, unknown> }>)) {
      if (op?.responses && isStaff(op)) op.responses['401'] = { $ref: `#/components/responses/${STAFF_UNAUTHORIZED}` };
    }
  }
  document.components = {
    ...document.components,
    responses: {
      ...document.components?.responses,
      [STAFF_UNAUTHORIZED]: {
        description:
          'No valid staff token. On AWS, API Gateway\'s JWT authorizer answers a missing, expired or forged token itself, before any handler: the body is its own `{"message":"Unauthorized"}` (application/json), and `WWW-Authenticate` says why. Locally (`npm start`), and when a verified token carries no usable claims, the body is problem+json (`urn:redress:problem:unauthorized`). Act on the status and the header, not on the body.',
        headers: {
          'WWW-Authenticate': {
            description: 'RFC 6750: `Bearer`, on AWS with `error="invalid_token" error_description="…"` (e.g. "the token has expired")',
            schema: { type: 'string' },
          },
        },
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } },
          'application/json': { schema: { $ref: '#/components/schemas/GatewayMessage' } },
        },
      },
    },
  };
  return document;
}

/** The name of the one 401 response staff operations share (components.responses). */
export const STAFF_UNAUTHORIZED = 'StaffUnauthorized';
