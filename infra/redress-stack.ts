import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Analytics } from './constructs/analytics';
import { Api } from './constructs/api';
import { Auth, CONSOLE_PATH } from './constructs/auth';
import { CaseEvents } from './constructs/case-events';
import { Data, indexMigrationStep } from './constructs/data';
import { Files } from './constructs/files';
import { FieldKeys } from './constructs/field-keys';
import { InboundMail } from './constructs/inbound-mail';
import { Functions } from './constructs/functions';
import { Notifications } from './constructs/notifications';
import { Observability } from './constructs/observability';
import { Payments } from './constructs/payments';
import { Schedules } from './constructs/schedules';
import { WebHosting } from './constructs/web-hosting';
import { Workflow } from './constructs/workflow';
import type { RedressContext } from './context';
import { REPORT_LOCAL_HOUR } from '../functions/analytics/send-kpi-report';
import { calendarZone } from '../functions/domain/policy/human-time';
import { loadPolicy } from '../functions/domain/policy/load';
import { breachAlarmThreshold } from '../functions/domain/kpi/alarm-thresholds';

export interface RedressStackProps extends StackProps {
  readonly config: RedressContext;
}

/**
 * Redress on AWS: one construct per concern, wired here. Each grant and the environment
 * variable naming the same resource are added together by the construct that owns it.
 */
export class RedressStack extends Stack {
  readonly data: Data;
  readonly functions: Functions;
  readonly workflow: Workflow;
  readonly notifications: Notifications;
  readonly api: Api;
  readonly auth: Auth;
  readonly web: WebHosting;
  readonly observability: Observability;
  readonly schedules: Schedules;
  readonly analytics: Analytics;
  readonly caseEvents: CaseEvents;
  readonly inboundMail: InboundMail;
  readonly files: Files;
  readonly payments: Payments;
  readonly fieldKeys: FieldKeys;

  constructor(scope: Construct, id: string, props: RedressStackProps) {
    super(scope, id, props);
    const { stage, policyPreset, senderAddress, supervisorAddress, paymentProviderUrl } = props.config;
    const production = stage === 'prod';
    const logRetention = production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;

    this.data = new Data(this, 'Data', { retain: production, indexMigration: indexMigrationStep(this.node.tryGetContext('indexMigration')) });
    this.functions = new Functions(this, 'Functions', { stage, policyPreset, logRetention, table: this.data.table });
    const fns = this.functions.byName;

    this.workflow = new Workflow(this, 'Workflow', {
      functions: {
        acknowledge: fns.acknowledge,
        registerTaskToken: fns.registerTaskToken,
        applyDueClocks: fns.applyDueClocks,
        recordFailure: fns.recordFailure,
      },
      logRetention,
    });
    this.notifications = new Notifications(this, 'Notifications', { senderAddress, stage });
    this.auth = new Auth(this, 'Auth', { retain: production });
    this.api = new Api(this, 'Api', { functions: fns, logRetention, staffAuthorizer: this.auth.authorizer });
    this.web = new WebHosting(this, 'Web', { apiDomainName: this.api.domainName });
    this.auth.connectConsole(this.web);
    this.auth.allowStaffDirectory(fns.staffAction);
    // Channels: email received by SES for the sender's address and the reply domain; case files (attachments).
    const replyDomain = `reply.${senderAddress.split('@')[1] ?? 'example.com'}`;
    this.inboundMail = new InboundMail(this, 'InboundMail', { recipients: [senderAddress, replyDomain], replyDomain, retain: production, accessLogsBucket: this.web.logBucket });
    this.files = new Files(this, 'Files', { retain: production, accessLogsBucket: this.web.logBucket, allowedOrigins: [this.web.baseUrl] });
    this.schedules = new Schedules(this, 'Schedules', { functions: fns });
    this.observability = new Observability(this, 'Observability', {
      stateMachine: this.workflow.stateMachine,
      functions: fns,
      supervisorAddress,
      stage,
      breaches: breachAlarmThreshold(loadPolicy(policyPreset)),
    });
    if (this.functions.streamDeadLetters) {
      this.observability.alarmOnDeadLetters('ChangeStreamDeadLetters', this.functions.streamDeadLetters, 'Change stream records were dropped after their retries (a workflow start or an outbox send; the reconciler and the sweep recover them).');
    }

    // The wiring table of docs/contracts.md ("Lambda handlers").
    this.data.allowReadWrite(fns.createComplaint);
    this.web.publishBaseUrl(fns.createComplaint);

    this.data.allowRead(fns.getComplaint);

    // The workflow's tasks that decide and notify: the case, the mailer, the status page's address, the staff mailbox.
    for (const fn of [fns.acknowledge, fns.applyDueClocks, fns.recordFailure]) {
      // Only a due clock may resolve a case (a resolution is recorded under the customer's key); the acknowledgment
      // (and the incident link it makes) and a recorded failure (a flag) write the case by id.
      this.data.allowReadWrite(fn, fn === fns.applyDueClocks ? {} : { customerKeys: 'never' });
      this.notifications.allowSending(fn);
      this.web.publishBaseUrl(fn);
      fn.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    }

    // A task token stored on the case (and a flag lifted) by id: no customer's key.
    this.data.allowReadWrite(fns.registerTaskToken, { customerKeys: 'never' });

    // Staff and customer actions (docs/contracts.md "Staff and customer actions").
    this.data.allowRead(fns.staffQueue);
    this.data.allowRead(fns.staffAttention);
    this.data.allowRead(fns.staffGetComplaint);
    // Staff reads and actions are put on the audit log (docs/contracts.md "Identity and data protection").
    const staffRoutes = [fns.staffQueue, fns.staffAttention, fns.staffGetComplaint, fns.staffAction, fns.staffAudit, fns.staffKpis, fns.staffReport];
    const staffFinanceRoutes = [fns.proposeRefund, fns.decideRefund, fns.financeQueue, fns.financeTotals, fns.financeExport];
    for (const fn of [...staffRoutes, ...staffFinanceRoutes, fns.staffNewAttachment, fns.staffListAttachments, fns.buildEvidencePack]) this.data.allowAuditAppend(fn);
    // Lifting a "needs attention" flag: the flag cleared and the reason noted on the case, the action audited.
    // Its commit is an internal note (never a resolution or an address): no customer's key.
    this.data.allowReadWrite(fns.staffLiftFlag, { customerKeys: 'never' });
    this.data.allowAuditAppend(fns.staffLiftFlag);
    this.data.allowRead(fns.staffAudit);
    // Customer step-up: the case read, challenges and rate counters written, the code mailed through SES.
    // Asking for a code counts it per address, under the customer's key; checking one does not.
    this.data.allowCustomerLookups(fns.stepUpRequest);
    for (const fn of [fns.stepUpRequest, fns.stepUpVerify]) {
      this.data.allowStepUp(fn);
      // The email links open the case with a signed access link, verified with the reply-signing secret.
      this.inboundMail.allowSigning(fn);
    }
    this.notifications.allowSending(fns.stepUpRequest);
    for (const fn of [fns.staffAction, fns.customerAction]) {
      this.data.allowReadWrite(fn);
      this.notifications.allowSending(fn);
      this.web.publishBaseUrl(fn);
      this.workflow.allowCallbacks(fn);
      // Staff notices an action raises (a customer's message, an assignment) go to the same staff mailbox.
      fn.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    }

    // The reconciler: reads open cases, looks their executions up, starts or wakes them, flags and alerts when stuck.
    this.data.allowReadWrite(fns.reconcileWorkflows, { customerKeys: 'never' }); // reads the queue, starts and wakes executions
    this.workflow.allowStart(fns.reconcileWorkflows);
    this.workflow.allowDescribe(fns.reconcileWorkflows);
    this.workflow.allowCallbacks(fns.reconcileWorkflows);
    this.notifications.allowSending(fns.reconcileWorkflows);
    this.web.publishBaseUrl(fns.reconcileWorkflows);
    fns.reconcileWorkflows.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);

    // KPI facts and case events leave the table through its change stream; staff KPIs are queried with Athena.
    this.analytics = new Analytics(this, 'Analytics', { retain: production, accessLogs: this.web.logBucket });
    this.caseEvents = new CaseEvents(this, 'CaseEvents', {
      subscribers: webhookSubscribers(this.node.tryGetContext('webhookUrl'), this.node.tryGetContext('webhookDelivery')),
      deliverer: fns.deliverWebhooks,
    });
    this.observability.alarmOnDeadLetters('WebhookDeadLetters', this.caseEvents.deadLetters, 'Case events could not be delivered to an integrator webhook after the retries.');
    this.data.allowRead(fns.recordCaseFacts);
    this.analytics.allowPutFacts(fns.recordCaseFacts);
    this.caseEvents.allowPublish(fns.recordCaseFacts);
    this.analytics.allowQuery(fns.staffKpis);
    // The daily, weekly and monthly reports: the KPI queries, a mail to the supervisors, at 07:00 in the policy's time zone.
    this.analytics.allowQuery(fns.sendKpiReport);
    this.notifications.allowSending(fns.sendKpiReport);
    this.analytics.allowKeepingReports(fns.sendKpiReport);
    this.analytics.allowReadingReports(fns.staffReport);
    // The report mail links the console's report page.
    this.web.publishBaseUrl(fns.sendKpiReport);
    fns.sendKpiReport.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    this.analytics.scheduleReports(fns.sendKpiReport, calendarZone(loadPolicy(policyPreset)), REPORT_LOCAL_HOUR);
    // The change stream's consumer starts each new case's workflow and sends new outbox items; the sweep sends the
    // outbox items due again. Both render mail from the case: the table, SES, the status page, the staff mailbox.
    this.workflow.allowStart(fns.onCaseChange);
    for (const fn of [fns.onCaseChange, fns.sendDueOutbox]) {
      this.data.allowReadWrite(fn, { customerKeys: 'never' }); // outbox claims and marks by id: no customer's key
      this.notifications.allowSending(fn);
      this.web.publishBaseUrl(fn);
      fn.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    }
    // SES confirms each message it accepted; the confirmation marks the outbox item (an update, no read).
    this.notifications.confirmSendsWith(fns.confirmSentMail);
    this.data.allowUpdate(fns.confirmSentMail);
    // Inbound email: decode, route, then the core opens a case, appends the customer's reply or holds it for staff.
    this.inboundMail.receiveWith(fns.inboundEmail);
    fns.inboundEmail.addEnvironment('OWN_ADDRESSES', [senderAddress, supervisorAddress].join(','));
    // Social direct messages: the same core path, claimed once per platform message id in the table.
    for (const fn of [fns.socialWebhookHandshake, fns.socialWebhook]) this.inboundMail.allowSocialWebhook(fn);
    for (const fn of [fns.inboundEmail, fns.socialWebhook]) {
      this.data.allowReadWrite(fn);
      this.workflow.allowCallbacks(fn);
      this.notifications.allowSending(fn);
      this.web.publishBaseUrl(fn);
      fn.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    }
    // Finance (docs/contracts.md "Finance"): the store, the staff mailbox for finance notices, the customer's mail.
    for (const fn of [fns.financeQueue, fns.financeTotals, fns.financeExport]) this.data.allowRead(fn);
    for (const fn of [fns.proposeRefund, fns.decideRefund, fns.paymentWebhook, fns.financeTimers]) {
      this.data.allowReadWrite(fn);
      this.notifications.allowSending(fn);
      this.web.publishBaseUrl(fn);
      fn.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    }
    // The payment provider: those that ask it to refund get its URL and API key; only the webhook its signing secrets.
    this.payments = new Payments(this, 'Payments', { providerUrl: paymentProviderUrl, retain: production });
    for (const fn of [fns.decideRefund, fns.paymentWebhook, fns.financeTimers]) this.payments.allowRefunds(fn);
    this.payments.allowWebhooks(fns.paymentWebhook);
    // Every function that mails a customer signs the Reply-To that threads the answer back to the case.
    // They also sign the case links in it (the customer's GET accepts them): the same secret, another purpose.
    for (const fn of [fns.getComplaint, fns.acknowledge, fns.applyDueClocks, fns.recordFailure, fns.staffAction, fns.customerAction, fns.reconcileWorkflows, fns.onCaseChange, fns.sendDueOutbox, fns.proposeRefund, fns.decideRefund, fns.paymentWebhook, fns.financeTimers, fns.inboundEmail, fns.socialWebhook]) {
      this.inboundMail.allowSigning(fn);
    }
    // Those that send to customers answer a DM customer through the platform: the page access token, nothing else.
    for (const fn of [fns.acknowledge, fns.applyDueClocks, fns.recordFailure, fns.staffAction, fns.customerAction, fns.reconcileWorkflows, fns.onCaseChange, fns.sendDueOutbox, fns.proposeRefund, fns.decideRefund, fns.paymentWebhook, fns.financeTimers, fns.inboundEmail, fns.socialWebhook]) {
      this.inboundMail.allowSendingDirectMessages(fn);
    }
    // Sealed fields (docs/contracts.md "Sealed fields and erasure"): intake seals, finance's reveal opens, an admin's
    // erasure destroys the customer's wrapped key (in the key table) and rewrites the case items (no KMS: destroying
    // needs no key).
    this.fieldKeys = new FieldKeys(this, 'FieldKeys', { retain: production });
    this.fieldKeys.allowSealing(fns.createComplaint);
    this.data.allowRead(fns.revealField);
    this.fieldKeys.allowOpening(fns.revealField);
    // The reveal opens the value under the customer's data key, found by the customer's key.
    this.data.allowCustomerLookups(fns.revealField);
    this.data.allowReadWrite(fns.eraseCustomerData);
    for (const fn of [fns.revealField, fns.eraseCustomerData]) this.data.allowAuditAppend(fn);
    // The customer's own erasure (after a step-up): the same writes as an admin's, the step-up read, the access links.
    this.data.allowReadWrite(fns.customerErasure);
    for (const fn of [fns.eraseCustomerData, fns.customerErasure, fns.expirePersonalData]) this.fieldKeys.allowShredding(fn);
    // Corrections: the cases rewritten, sealed fields re-sealed under a new address's key (open the old, seal the new,
    // destroy the old).
    for (const fn of [fns.customerContact, fns.staffContact]) {
      this.data.allowReadWrite(fn);
      this.fieldKeys.allowSealing(fn);
      this.fieldKeys.allowShredding(fn);
    }
    this.data.allowAuditAppend(fns.staffContact);
    for (const fn of [fns.customerErasure, fns.customerContact]) this.inboundMail.allowSigning(fn);
    // Retention: the daily expiry erases as an admin's erasure does (the table; no KMS); admins place and release holds.
    this.data.allowReadWrite(fns.expirePersonalData);
    for (const fn of [fns.placeLegalHold, fns.releaseLegalHold]) {
      this.data.allowLegalHolds(fn);
      this.data.allowAuditAppend(fn);
    }

    // The staff lists sign their page cursors under the same secrets (a key of their own purpose).
    for (const fn of [fns.staffQueue, fns.staffAttention]) this.inboundMail.allowSigning(fn);

    // Outage incidents: the banner reads the table; supervisors' incident actions act on cases as a staff action does
    // (the table, SES, the status page link, workflow callbacks when a case is resolved, the audit log).
    this.data.allowRead(fns.activeIncidents);
    this.data.allowRead(fns.listIncidents);
    this.data.allowAuditAppend(fns.listIncidents);
    for (const fn of [fns.declareIncident, fns.postIncidentUpdate, fns.resolveIncident]) {
      // Only resolving an incident may resolve cases (under the customer's key); declaring and updating store the
      // incident and its fan-out.
      this.data.allowReadWrite(fn, fn === fns.resolveIncident ? {} : { customerKeys: 'never' });
      this.data.allowAuditAppend(fn);
      this.notifications.allowSending(fn);
      this.web.publishBaseUrl(fn);
      this.workflow.allowCallbacks(fn);
      this.inboundMail.allowSigning(fn);
      fn.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    }
    // The update's fan-out consumer tells the queued cases (a commit and a mail each, no workflow callback, no audit:
    // the supervisor's update was audited by the route).
    this.data.allowReadWrite(fns.incidentFanOut, { customerKeys: 'never' }); // links and tells cases by id
    this.notifications.allowSending(fns.incidentFanOut);
    this.web.publishBaseUrl(fns.incidentFanOut);
    this.inboundMail.allowSigning(fns.incidentFanOut);
    fns.incidentFanOut.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);

    // Attachments: upload forms for those who may read the case; listing promotes checked uploads and signs downloads.
    for (const fn of [fns.customerNewAttachment, fns.staffNewAttachment]) {
      this.data.allowRead(fn);
      this.files.allowPresigningUploads(fn);
    }
    // An email's checked attachments are put under uploads/ like a browser's, to be scanned and promoted the same way.
    this.files.allowPresigningUploads(fns.inboundEmail);
    for (const fn of [fns.customerListAttachments, fns.staffListAttachments]) {
      this.data.allowRead(fn);
      this.files.allowListing(fn);
      this.files.allowPromoting(fn);
      this.files.allowReading(fn);
    }
    // The chargeback's evidence pack: read the case and the chargeback, list the case's files, store the PDF, sign its link.
    this.data.allowRead(fns.buildEvidencePack);
    this.files.allowListing(fns.buildEvidencePack);
    this.files.allowStoringGenerated(fns.buildEvidencePack);
    this.files.allowReading(fns.buildEvidencePack);
    // The chargeback's decision: the store and the mail of a finance decision, the audit log, and the pack read back
    // (its digest checked) from the case's files. No payment provider: nothing is paid out by this decision.
    this.data.allowReadWrite(fns.decideChargeback);
    this.data.allowAuditAppend(fns.decideChargeback);
    this.notifications.allowSending(fns.decideChargeback);
    this.web.publishBaseUrl(fns.decideChargeback);
    this.inboundMail.allowSigning(fns.decideChargeback);
    this.inboundMail.allowSendingDirectMessages(fns.decideChargeback);
    fns.decideChargeback.addEnvironment('SUPERVISOR_ADDRESS', supervisorAddress);
    this.files.allowReading(fns.decideChargeback);

    // Data exports read the cases, their audit entries and their attachments' names (docs/contracts.md "Privacy rights").
    for (const fn of [fns.customerExport, fns.staffExport]) {
      this.data.allowRead(fn);
      this.data.allowCustomerLookups(fn); // the customer's other cases, found under their key
      this.files.allowListing(fn);
    }
    this.inboundMail.allowSigning(fns.customerExport);
    this.data.allowAuditAppend(fns.staffExport);
    // Erasure (the admin's, the customer's own, retention's expiry) deletes each erased case's files, every version,
    // and the raw inbound emails that became the case.
    for (const fn of [fns.eraseCustomerData, fns.customerErasure, fns.expirePersonalData]) {
      this.files.allowErasing(fn);
      this.inboundMail.allowErasing(fn);
    }

    // What a person needs after `cdk deploy` (infra/README.md): where the site, the console and the API are, and the
    // identifiers to invite staff with the AWS CLI.
    // Personal data in the case table is sealed under per-customer keys (docs/contracts.md "Sealed fields and
    // erasure"): every function that reads case items opens them, every one that writes them seals them.
    for (const fn of this.data.caseReaders) this.fieldKeys.allowPersonalData(fn, this.data.caseWriters.has(fn));

    new CfnOutput(this, 'SiteUrl', { value: this.web.baseUrl, description: 'The hosted complaint form and case pages' });
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.web.baseUrl}${CONSOLE_PATH}`, description: 'The staff console (Cognito managed login)' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'The HTTP API (also served on the site under /complaints, /categories, /staff, /openapi.json)' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId, description: 'The staff user pool: invite staff and add them to groups here' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId, description: 'The staff console app client (authorization code + PKCE)' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName, description: 'The case table (npm run policy:versions -- check-deployed --table <this> before each deploy)' });
    new CfnOutput(this, 'SignInDomain', { value: this.auth.signInUrl, description: 'The Cognito managed login domain' });
  }
}

/**
 * `-c webhookUrl=https://…` subscribes one integrator to every case event, signed by the delivery function;
 * `-c webhookDelivery=api-destination` sends through an API destination instead (key header, no signature).
 */
const webhookSubscribers = (url: unknown, delivery: unknown) =>
  typeof url === 'string' && url.length > 0 ? [{ name: 'Integrator', url, delivery: delivery === 'api-destination' ? ('api-destination' as const) : ('signed' as const) }] : [];
