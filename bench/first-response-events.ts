/**
 * One representative invocation per function for the first-response bench: the event the function would get on
 * AWS (API Gateway payload 2.0, the state machine's task input, the schedule's event), aimed at one real complaint
 * opened through the local stack's API first, so each handler reads and writes DynamoDB Local, starts executions
 * on the local Step Functions service or mails through the SES catcher as it would in production.
 *
 * A handler that answers 4xx or throws (a repeated step, a callback for a step the case has left) still counts:
 * it has loaded, validated and made its calls by then. The outcome is printed next to each figure so that a
 * broken event shows instead of hiding in a fast time.
 */
import { randomUUID } from 'node:crypto';

export interface BenchCase {
  id: string;
  accessToken: string;
}

type Event = Record<string, unknown>;

// An access token's claims as the JWT authorizer hands them on (the handlers refuse an ID token's).
const staffClaims = { sub: 'bench-agent', name: 'Bench Agent', 'cognito:groups': '[agent senior]', token_use: 'access', client_id: 'bench-client' };
// The supervisors' routes (attention, audit, KPIs, the finance queue and totals) refuse an agent with 403, which would
// time a refusal instead of the route's work (docs/contracts.md, the access matrix).
const supervisorClaims = { ...staffClaims, sub: 'bench-supervisor', name: 'Bench Supervisor', 'cognito:groups': '[supervisor]' };

/** An API Gateway HTTP API (payload 2.0) event for a route, as the gateway in front of the function sends it. */
function httpEvent(
  routeKey: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; pathParameters?: Record<string, string>; query?: Record<string, string>; staff?: boolean | 'supervisor' } = {},
): Event {
  const [method] = routeKey.split(' ') as [string];
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query).toString(),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    headers: { host: 'bench.example.com', 'user-agent': 'redress-bench', ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.example.com',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'redress-bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(options.staff ? { authorizer: { jwt: { claims: options.staff === 'supervisor' ? supervisorClaims : staffClaims, scopes: null } } } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

/** A complaint under the promptearn preset's general category (no extra details required). */
export const benchComplaint = (n: number) => ({
  customer: { name: 'Bench Customer', email: `bench+${n}@example.com` },
  category: 'general_inquiry',
  subject: `Bench complaint #${n}`,
  description: 'A complaint opened by the first-response bench.',
  details: {},
});

/** The event for one run of a function, by its entry; undefined for an entry this bench does not know. */
export function eventFor(entry: string, c: BenchCase, run: number): Event | undefined {
  const scheduled = () => ({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} });
  const events: Record<string, () => Event> = {
    'bench/hello-world.ts': () => httpEvent('GET /hello', '/hello'),
    'functions/api/create-complaint.ts': () =>
      httpEvent('POST /complaints', '/complaints', { body: benchComplaint(run), headers: { 'idempotency-key': randomUUID() } }),
    'functions/api/get-complaint.ts': () =>
      httpEvent('GET /complaints/{id}', `/complaints/${c.id}`, { pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}` } }),
    'functions/api/list-categories.ts': () => httpEvent('GET /categories', '/categories'),
    'functions/api/get-openapi.ts': () => httpEvent('GET /openapi.json', '/openapi.json'),
    'functions/api/staff-queue.ts': () => httpEvent('GET /staff/queue', '/staff/queue', { staff: true }),
    'functions/api/staff-get-complaint.ts': () =>
      httpEvent('GET /staff/complaints/{id}', `/staff/complaints/${c.id}`, { pathParameters: { id: c.id }, staff: true }),
    'functions/api/staff-action.ts': () =>
      httpEvent('POST /staff/complaints/{id}/actions', `/staff/complaints/${c.id}/actions`, {
        pathParameters: { id: c.id },
        staff: true,
        body: { type: 'note', text: `Bench note ${run}` },
      }),
    'functions/api/customer-action.ts': () =>
      httpEvent('POST /complaints/{id}/actions', `/complaints/${c.id}/actions`, {
        pathParameters: { id: c.id },
        headers: { authorization: `Bearer ${c.accessToken}` },
        body: { type: 'reply', message: `Bench reply ${run}` },
      }),
    'functions/workflow/acknowledge.ts': () => ({ caseId: c.id }),
    'functions/workflow/register-task-token.ts': () => ({ caseId: c.id, taskToken: `bench-token-${run}`, step: 'firstResponse', enteredAt: new Date().toISOString(), attempt: 0 }),
    'functions/workflow/apply-due-clocks.ts': () => ({ caseId: c.id }),
    'functions/workflow/record-failure.ts': () => ({ caseId: c.id, error: 'States.TaskFailed' }),
    'functions/workflow/reconcile.ts': scheduled,
    'functions/workflow/send-due-outbox.ts': scheduled,
    'functions/workflow/finance-timers.ts': scheduled,
    'functions/analytics/scheduled-report.ts': () => ({ grain: 'day' }),
    'functions/api/staff-attention.ts': () => httpEvent('GET /staff/attention', '/staff/attention', { staff: 'supervisor' }),
    'functions/api/identity/staff-audit.ts': () => httpEvent('GET /staff/audit', '/staff/audit', { staff: 'supervisor', query: { caseId: c.id } }),
    'functions/api/kpi/get-kpis.ts': () => httpEvent('GET /staff/kpis', '/staff/kpis', { staff: 'supervisor' }),
    'functions/api/finance/finance-queue.ts': () => httpEvent('GET /staff/finance/queue', '/staff/finance/queue', { staff: 'supervisor' }),
    'functions/api/finance/finance-totals.ts': () => httpEvent('GET /staff/finance/totals', '/staff/finance/totals', { staff: 'supervisor' }),
    'functions/api/identity/step-up-request.ts': () =>
      httpEvent('POST /complaints/{id}/step-up', `/complaints/${c.id}/step-up`, { pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}` } }),
    'functions/channels/handlers/customer-list-attachments.ts': () =>
      httpEvent('GET /complaints/{id}/attachments', `/complaints/${c.id}/attachments`, { pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}` } }),
    'functions/channels/handlers/staff-list-attachments.ts': () =>
      httpEvent('GET /staff/complaints/{id}/attachments', `/staff/complaints/${c.id}/attachments`, { pathParameters: { id: c.id }, staff: true }),
  };
  return events[entry]?.();
}
