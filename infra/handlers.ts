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
  staffAttention: { entry: 'functions/api/staff-attention.ts', route: { method: 'GET', path: '/staff/attention' }, usesPolicy: true, auth: 'staff' },
  // A supervisor lifts a case's "needs attention" flag by hand, with a reason.
  staffLiftFlag: { entry: 'functions/api/staff-lift-flag.ts', route: { method: 'POST', path: '/staff/complaints/{id}/attention/lift' }, usesPolicy: true, auth: 'staff' },
  staffGetComplaint: { entry: 'functions/api/staff-get-complaint.ts', route: { method: 'GET', path: '/staff/complaints/{id}' }, usesPolicy: true, auth: 'staff' },
  staffAction: { entry: 'functions/api/staff-action.ts', route: { method: 'POST', path: '/staff/complaints/{id}/actions' }, usesPolicy: true, auth: 'staff' },
  customerAction: { entry: 'functions/api/customer-action.ts', route: { method: 'POST', path: '/complaints/{id}/actions' }, usesPolicy: true },
  staffAudit: { entry: 'functions/api/identity/staff-audit.ts', route: { method: 'GET', path: '/staff/audit' }, auth: 'staff' },
  // Customer step-up: a one-time code to the case's email before a sensitive operation (docs/contracts.md).
  stepUpRequest: { entry: 'functions/api/identity/step-up-request.ts', route: { method: 'POST', path: '/complaints/{id}/step-up' } },
  stepUpVerify: { entry: 'functions/api/identity/step-up-verify.ts', route: { method: 'POST', path: '/complaints/{id}/step-up/verify' } },
  // Privacy rights: the customer's data export (after step-up), and the same export run by an admin.
  customerExport: { entry: 'functions/api/identity/customer-export.ts', route: { method: 'GET', path: '/complaints/{id}/export' }, usesPolicy: true },
  staffExport: { entry: 'functions/api/identity/staff-export.ts', route: { method: 'GET', path: '/staff/complaints/{id}/export' }, usesPolicy: true, auth: 'staff' },
  acknowledge: { entry: 'functions/workflow/acknowledge.ts', usesPolicy: true },
  registerTaskToken: { entry: 'functions/workflow/register-task-token.ts' },
  applyDueClocks: { entry: 'functions/workflow/apply-due-clocks.ts', usesPolicy: true },
  recordFailure: { entry: 'functions/workflow/record-failure.ts', usesPolicy: true },
  // Safety net behind every case: compares open cases with their executions and repairs what does not match.
  reconcileWorkflows: { entry: 'functions/workflow/reconcile.ts', scheduleMinutes: 5 },
  // The table's change stream, twice. Starts each new case's workflow and sends each new outbox item:
  onCaseChange: { entry: 'functions/workflow/on-case-change.ts', usesPolicy: true, stream: 'new-cases-and-outbox' },
  // Outbox messages due again (a failed attempt's retry time, or a dead sender's lease ran out).
  sendDueOutbox: { entry: 'functions/workflow/send-due-outbox.ts', usesPolicy: true, scheduleMinutes: 1 },
  // SES's "Email Sent" events: the mail service's word that an outbox message went, whatever became of its sender.
  confirmSentMail: { entry: 'functions/workflow/confirm-sent-mail.ts' },
  // And records KPI facts and publishes case events for integrators, off the request path:
  recordCaseFacts: { entry: 'functions/analytics/on-case-change.ts', usesPolicy: true, stream: 'case-writes' },
  // Signed webhooks: the case events queued for each signing subscriber, POSTed with Redress-Signature (infra/constructs/case-events.ts).
  deliverWebhooks: { entry: 'functions/analytics/deliver-webhooks.ts' },
  // The daily, weekly and monthly KPI reports, run by EventBridge Scheduler in the policy's time zone
  // (infra/constructs/analytics.ts), not by a rate rule.
  sendKpiReport: {
    entry: 'functions/analytics/scheduled-report.ts',
    usesPolicy: true,
    // The chart's PNG renderer (functions/analytics/chart-png.ts) reads its WebAssembly module and font beside the bundle.
    bundleFiles: [
      { from: 'node_modules/@resvg/resvg-wasm/index_bg.wasm', to: 'resvg.wasm' },
      { from: 'functions/analytics/fonts/LiberationSans-Regular.ttf', to: 'fonts/LiberationSans-Regular.ttf' },
    ],
  },
  staffKpis: { entry: 'functions/api/kpi/get-kpis.ts', route: { method: 'GET', path: '/staff/kpis' }, usesPolicy: true, auth: 'staff' },
  // The lasting link to a kept report: 302 to a fresh 5-minute presigned GET (the mailed one dies with its signer's session).
  staffReport: { entry: 'functions/api/kpi/get-report.ts', route: { method: 'GET', path: '/staff/reports/{grain}/{period}/{file}' }, auth: 'staff' },
  // Finance: refunds (maker-checker, threshold), the finance console's queue/totals/export, the payment provider's
  // webhook (public: its HMAC signature is checked in code) and the finance clocks on a schedule.
  proposeRefund: { entry: 'functions/api/finance/propose-refund.ts', route: { method: 'POST', path: '/staff/complaints/{id}/refunds' }, usesPolicy: true, auth: 'staff' },
  decideRefund: { entry: 'functions/api/finance/decide-refund.ts', route: { method: 'POST', path: '/staff/refunds/{refundId}/decision' }, usesPolicy: true, auth: 'staff' },
  financeQueue: { entry: 'functions/api/finance/finance-queue.ts', route: { method: 'GET', path: '/staff/finance/queue' }, auth: 'staff' },
  financeTotals: { entry: 'functions/api/finance/finance-totals.ts', route: { method: 'GET', path: '/staff/finance/totals' }, usesPolicy: true, auth: 'staff' },
  financeExport: { entry: 'functions/api/finance/finance-export.ts', route: { method: 'GET', path: '/staff/finance/export.csv' }, auth: 'staff' },
  paymentWebhook: { entry: 'functions/api/finance/payment-webhook.ts', route: { method: 'POST', path: '/webhooks/payments' }, usesPolicy: true },
  financeTimers: { entry: 'functions/workflow/finance-timers.ts', usesPolicy: true, scheduleMinutes: 5 },
  // The chargeback's evidence pack: built as a PDF from the complaint, stored with the case's files.
  buildEvidencePack: { entry: 'functions/api/finance/evidence-pack.ts', route: { method: 'POST', path: '/staff/chargebacks/{chargebackId}/evidence-pack' }, usesPolicy: true, auth: 'staff' },
  // Finance submits the stored evidence pack (checked against its SHA-256) or accepts the chargeback: final either way.
  decideChargeback: { entry: 'functions/api/finance/decide-chargeback.ts', route: { method: 'POST', path: '/staff/chargebacks/{chargebackId}/decision' }, usesPolicy: true, auth: 'staff' },
  // Channels: inbound email (invoked by the SES receipt rule after it stored the raw message in S3).
  inboundEmail: { entry: 'functions/channels/handlers/ses-inbound.ts', usesPolicy: true },
  // Social direct messages (Meta's messaging webhooks): the subscription handshake and the signed deliveries.
  socialWebhookHandshake: { entry: 'functions/channels/handlers/social-webhook-handshake.ts', route: { method: 'GET', path: '/webhooks/social/{platform}' } },
  // Attachments: a presigned upload form, and the case's files (uploads checked on content first) with short-lived links.
  customerNewAttachment: { entry: 'functions/channels/handlers/customer-new-attachment.ts', route: { method: 'POST', path: '/complaints/{id}/attachments' } },
  customerListAttachments: { entry: 'functions/channels/handlers/customer-list-attachments.ts', route: { method: 'GET', path: '/complaints/{id}/attachments' } },
  staffNewAttachment: { entry: 'functions/channels/handlers/staff-new-attachment.ts', route: { method: 'POST', path: '/staff/complaints/{id}/attachments' }, auth: 'staff' },
  staffListAttachments: { entry: 'functions/channels/handlers/staff-list-attachments.ts', route: { method: 'GET', path: '/staff/complaints/{id}/attachments' }, auth: 'staff' },
  // Outage incidents (seed 004 section 14): supervisors declare, update and resolve; the public pages show a banner.
  activeIncidents: { entry: 'functions/api/incidents/active-incidents.ts', route: { method: 'GET', path: '/incidents/active' } },
  listIncidents: { entry: 'functions/api/incidents/list-incidents.ts', route: { method: 'GET', path: '/staff/incidents' }, auth: 'staff' },
  declareIncident: { entry: 'functions/api/incidents/declare-incident.ts', route: { method: 'POST', path: '/staff/incidents' }, usesPolicy: true, auth: 'staff' },
  postIncidentUpdate: { entry: 'functions/api/incidents/post-incident-update.ts', route: { method: 'POST', path: '/staff/incidents/{incidentId}/updates' }, usesPolicy: true, auth: 'staff' },
  // The update's fan-out: batches of linked cases queued by postIncidentUpdate, delivered by the change stream.
  incidentFanOut: { entry: 'functions/workflow/incident-fan-out.ts', usesPolicy: true, stream: 'incident-fan-out' },
  resolveIncident: { entry: 'functions/api/incidents/resolve-incident.ts', route: { method: 'POST', path: '/staff/incidents/{incidentId}/resolution' }, usesPolicy: true, auth: 'staff' },
  socialWebhook: { entry: 'functions/channels/handlers/social-webhook.ts', route: { method: 'POST', path: '/webhooks/social/{platform}' }, usesPolicy: true },
  // Sealed fields: finance sees one sensitive detail in clear (audited); an admin erases a customer's personal data.
  revealField: { entry: 'functions/api/sealed/reveal-field.ts', route: { method: 'POST', path: '/staff/complaints/{id}/reveal' }, usesPolicy: true, auth: 'staff' },
  eraseCustomerData: { entry: 'functions/api/sealed/erase-customer-data.ts', route: { method: 'POST', path: '/staff/complaints/{id}/erasure' }, usesPolicy: true, auth: 'staff' },
  // Privacy rights after a step-up: the customer's own erasure, and the correction of contact details (customer or admin).
  customerErasure: { entry: 'functions/api/identity/customer-erasure.ts', route: { method: 'POST', path: '/complaints/{id}/erasure' }, usesPolicy: true },
  customerContact: { entry: 'functions/api/identity/customer-contact.ts', route: { method: 'POST', path: '/complaints/{id}/contact' }, usesPolicy: true },
  staffContact: { entry: 'functions/api/identity/staff-contact.ts', route: { method: 'POST', path: '/staff/complaints/{id}/contact' }, usesPolicy: true, auth: 'staff' },
  // Retention and legal hold (docs/contracts.md): the daily expiry of closed cases' personal data; an admin's manual hold.
  expirePersonalData: { entry: 'functions/workflow/expire-personal-data.ts', usesPolicy: true, scheduleMinutes: 1440 },
  placeLegalHold: { entry: 'functions/api/privacy/place-legal-hold.ts', route: { method: 'POST', path: '/staff/complaints/{id}/legal-hold' }, auth: 'staff' },
  releaseLegalHold: { entry: 'functions/api/privacy/release-legal-hold.ts', route: { method: 'POST', path: '/staff/complaints/{id}/legal-hold/release' }, auth: 'staff' },
  // The HTTP API's `$default` route: a request no route takes gets problem+json 404 (or 405 with Allow), not API
  // Gateway's own `{"message":"Not Found"}`.
  notFound: { entry: 'functions/api/not-found.ts', defaultRoute: true },
} as const satisfies Record<string, HandlerSpec>;

/** The change-stream filters a handler may subscribe with (infra/constructs/functions.ts STREAM_FILTERS). */
export type StreamFilterName = 'new-cases-and-outbox' | 'case-writes' | 'incident-fan-out';

export interface HandlerSpec {
  /** Repo-relative path of the .ts file exporting `handler`. */
  readonly entry: string;
  readonly route?: { readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; readonly path: string };
  /** The HTTP API's `$default` route (any method, any path no other route takes); public. */
  readonly defaultRoute?: true;
  /** `staff`: the route requires a staff JWT (the HTTP API's Cognito JWT authorizer); otherwise public. */
  readonly auth?: 'staff';
  /** Gets POLICY_PRESET: the handler reads the policy in force (and the versions its cases started under). */
  readonly usesPolicy?: boolean;
  /** Invoked on a fixed rate (EventBridge rule) every this many minutes. */
  readonly scheduleMinutes?: number;
  /**
   * Invoked by the table's change stream (a DynamoDB event source, in order per shard, partial batch responses,
   * bisect on error, limited retries, then an encrypted SQS dead-letter queue), for the records its filter names:
   * `new-cases-and-outbox`, insertions of case and outbox items; `case-writes`, every write of a case item;
   * `incident-fan-out`, insertions of queued incident fan-out batches.
   */
  readonly stream?: StreamFilterName;
  /** Files copied next to the bundle (repo-relative `from`, bundle-relative `to`): what the code reads at run time. */
  readonly bundleFiles?: readonly { readonly from: string; readonly to: string }[];
}

export type HandlerName = keyof typeof handlers;

export const handlerNames = Object.keys(handlers) as HandlerName[];

/** The exported function every entry file provides. */
export const HANDLER_EXPORT = 'handler';

export function functionLogicalId(name: HandlerName): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}Function`;
}
