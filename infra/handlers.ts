/**
 * The Lambda handlers of docs/contracts.md, one row each. The functions construct creates one
 * NodejsFunction per row; the API construct routes the rows that have a route. The logical id
 * of each function in the template is `<key in PascalCase>Function` (e.g. CreateComplaintFunction).
 */
export const handlers = {
  createComplaint: {
    entry: 'functions/api/create-complaint.ts',
    route: { method: 'POST', path: '/complaints' },
    usesPolicy: true,
  },
  getComplaint: { entry: 'functions/api/get-complaint.ts', route: { method: 'GET', path: '/complaints/{id}' }, usesPolicy: true },
  listCategories: {
    entry: 'functions/api/list-categories.ts',
    route: { method: 'GET', path: '/categories' },
    usesPolicy: true,
  },
  getOpenApi: { entry: 'functions/api/get-openapi.ts', route: { method: 'GET', path: '/openapi.json' }, usesPolicy: true },
  // Staff (JWT: Cognito groups = roles) and customer (the case's access token, checked in code) actions, issue 4.
  staffQueue: { entry: 'functions/api/staff-queue.ts', route: { method: 'GET', path: '/staff/queue' }, usesPolicy: true, auth: 'staff' },
  staffGetComplaint: { entry: 'functions/api/staff-get-complaint.ts', route: { method: 'GET', path: '/staff/complaints/{id}' }, usesPolicy: true, auth: 'staff' },
  staffAction: { entry: 'functions/api/staff-action.ts', route: { method: 'POST', path: '/staff/complaints/{id}/actions' }, usesPolicy: true, auth: 'staff' },
  customerAction: { entry: 'functions/api/customer-action.ts', route: { method: 'POST', path: '/complaints/{id}/actions' }, usesPolicy: true },
  acknowledge: { entry: 'functions/workflow/acknowledge.ts', usesPolicy: true },
  registerTaskToken: { entry: 'functions/workflow/register-task-token.ts' },
  applyDueClocks: { entry: 'functions/workflow/apply-due-clocks.ts', usesPolicy: true },
  recordFailure: { entry: 'functions/workflow/record-failure.ts', usesPolicy: true },
  // Safety net behind every case: compares open cases with their executions and repairs what does not match.
  reconcileWorkflows: { entry: 'functions/workflow/reconcile.ts', scheduleMinutes: 5 },
  // Channels: inbound email (invoked by the SES receipt rule after it stored the raw message in S3).
  inboundEmail: { entry: 'functions/channels/handlers/ses-inbound.ts', usesPolicy: true },
  // Social direct messages (Meta's messaging webhooks): the subscription handshake and the signed deliveries.
  socialWebhookHandshake: { entry: 'functions/channels/handlers/social-webhook-handshake.ts', route: { method: 'GET', path: '/webhooks/social/{platform}' } },
  // Attachments: a presigned upload form, and the case's files (uploads checked on content first) with short-lived links.
  customerNewAttachment: { entry: 'functions/channels/handlers/customer-new-attachment.ts', route: { method: 'POST', path: '/complaints/{id}/attachments' } },
  customerListAttachments: { entry: 'functions/channels/handlers/customer-list-attachments.ts', route: { method: 'GET', path: '/complaints/{id}/attachments' } },
  staffNewAttachment: { entry: 'functions/channels/handlers/staff-new-attachment.ts', route: { method: 'POST', path: '/staff/complaints/{id}/attachments' }, auth: 'staff' },
  staffListAttachments: { entry: 'functions/channels/handlers/staff-list-attachments.ts', route: { method: 'GET', path: '/staff/complaints/{id}/attachments' }, auth: 'staff' },
  socialWebhook: { entry: 'functions/channels/handlers/social-webhook.ts', route: { method: 'POST', path: '/webhooks/social/{platform}' }, usesPolicy: true },
} as const satisfies Record<string, HandlerSpec>;

export interface HandlerSpec {
  /** Repo-relative path of the .ts file exporting `handler`. */
  readonly entry: string;
  readonly route?: { readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; readonly path: string };
  /** `staff`: the route requires a staff JWT (the HTTP API's Cognito JWT authorizer); otherwise public. */
  readonly auth?: 'staff';
  /** Gets POLICY_PRESET: the handler reads the policy in force (and the versions its cases started under). */
  readonly usesPolicy?: boolean;
  /** Invoked on a fixed rate (EventBridge rule) every this many minutes. */
  readonly scheduleMinutes?: number;
}

export type HandlerName = keyof typeof handlers;

export const handlerNames = Object.keys(handlers) as HandlerName[];

/** The exported function every entry file provides. */
export const HANDLER_EXPORT = 'handler';

export function functionLogicalId(name: HandlerName): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}Function`;
}
