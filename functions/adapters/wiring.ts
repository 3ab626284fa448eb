import { randomUUID } from 'node:crypto';
import { AthenaClient } from '@aws-sdk/client-athena';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import * as z from '../domain/zod';
import { AthenaKpiStore } from '../analytics/athena-kpi-store';
import { EventBridgePublisher } from '../analytics/eventbridge-publisher';
import { FirehoseFactSink } from '../analytics/firehose-fact-sink';
import { localKpiStore } from '../analytics/kpi-store';
import { LocalFileFactSink } from '../analytics/local-fact-sink';
import { S3Client } from '@aws-sdk/client-s3';
import { s3ReportArchive } from '../analytics/report-archive';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadSigningSecrets } from '../channels/email/signing-secrets';
import { DynamoChannelStore } from '../channels/store/dynamodb-channel-store';
import { directMessageMailer } from '../channels/social/dm-mailer';
import { graphApiSender } from '../channels/social/graph-api-sender';
import type { DirectMessageSender } from '../channels/social/outbound-message';
import { unpackVersions } from '../../policies/archive';
import { earlierVersions } from '../../policies/index';
import { policyBook } from '../core/policy-book';
import type { AccessLinks, CaseEventPublisher, CaseStore, KpiFactSink, KpiStore, Mailer, Notifier, PolicyBook, ReportArchive, StaffDirectory, TaskCallbacks, WorkflowExecutions, WorkflowStarter } from '../core/ports';
import { loadPolicy, parsePolicy } from '../domain/policy';
import { ConfigError, ConfigurationSetName, EmailAddress, PolicyPreset, PublicBaseUrl, readConfig, StateMachineArn, TableName } from './config';
import { SecretAccessLinks } from './access-links';
import { documentClient } from './dynamodb-client';
import { DynamoCaseStore } from './dynamodb-case-store';
import { customerIndexFromEnv } from './customer-index';
import { DynamoAuditLog } from './dynamodb-audit-log';
import type { AuditLog, RateLimiter, StepUpStore } from '../core/ports';
import { DynamoStepUpStore } from './dynamodb-step-up-store';
import { DynamoRateLimiter } from './dynamodb-rate-limiter';
import { PolicyNotifier } from './notifier';
import { cachedSecret, loadSecretSetting } from './secret-config';
import { SesMailer, sesClient, type MailThreading } from './ses-mailer';
import { sfnClient } from './sfn-client';
import { SfnTaskCallbacks } from './sfn-task-callbacks';
import { SfnWorkflowStarter } from './sfn-workflow-starter';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoStaffDirectory, UserPoolId } from './cognito-staff-directory';
import type { FinanceStore, OutboxObserver } from '../core/ports';
import { DynamoFinanceStore } from './dynamodb-finance-store';
import { OutboxMetrics } from './outbox-metrics';
import { metrics } from './metrics';
import type { CursorKeys } from '../core/use-cases/keyset-page';
import type { IncidentStore } from '../core/ports';
import { DynamoIncidentStore } from './dynamodb-incident-store';

/**
 * The adapters behind the core's ports, built from the environment when a handler module loads (once per
 * container). Each factory reads only the variables its adapter needs, so a handler is configured with exactly
 * what its construct granted it, and a missing variable stops the cold start naming it.
 */

export const caseStoreFromEnv = (): CaseStore => new DynamoCaseStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME, customerIndexFromEnv(), personalKeysFromEnv());

/** The preset in force and every earlier version of it this deployment carries for the cases that started under them. */
export const policiesFromEnv = (): PolicyBook => packagedPolicies(readConfig({ POLICY_PRESET: PolicyPreset }).POLICY_PRESET);

/**
 * What a package built for `preset` carries: the preset in force (validated now) and its archived earlier versions
 * (policies/versions/, compressed), inflated and validated on the first case under one of them, once per container.
 */
export function packagedPolicies(preset: string): PolicyBook {
  const archive = earlierVersions[preset];
  let documents: unknown[] | undefined;
  const earlier = (archive?.versions ?? []).map((version, i) => ({
    name: preset,
    version,
    load: () => parsePolicy((documents ??= unpackVersions(archive!))[i], `policy preset "${preset}" version ${version}`),
  }));
  return policyBook(loadPolicy(preset), earlier);
}

export const publicBaseUrlFromEnv = (): string => readConfig({ PUBLIC_BASE_URL: PublicBaseUrl }).PUBLIC_BASE_URL;

export function mailerFromEnv(): Mailer {
  const config = readConfig({ SENDER_ADDRESS: EmailAddress, SES_CONFIGURATION_SET: ConfigurationSetName });
  return directMessageMailer(new SesMailer(sesClient, config.SENDER_ADDRESS, config.SES_CONFIGURATION_SET, mailThreadingFromEnv()), directMessageSenderFromEnv());
}

/** Customer mail from the policy's templates, staff notices to the supervisors' mailbox (optional: counted undelivered without it). */
export function notifierFromEnv(mailer: Mailer = mailerFromEnv(), links: AccessLinks = accessLinksFromEnv()): Notifier {
  const { SUPERVISOR_ADDRESS } = readConfig({ SUPERVISOR_ADDRESS: z.optional(EmailAddress) });
  return new PolicyNotifier(mailer, publicBaseUrlFromEnv(), SUPERVISOR_ADDRESS, { links, now: systemClock });
}

export const callbacksFromEnv = (): TaskCallbacks => new SfnTaskCallbacks(sfnClient);

export const workflowExecutionsFromEnv = (): WorkflowExecutions => new SfnWorkflowStarter(sfnClient, readConfig({ STATE_MACHINE_ARN: StateMachineArn }).STATE_MACHINE_ARN);
export const workflowStarterFromEnv = (): WorkflowStarter => workflowExecutionsFromEnv();

export const systemClock = () => new Date();
export const newCaseId = () => randomUUID();

/** KPI facts out of the change stream: the Firehose delivery stream on AWS; locally (KPI_FACTS_DIR set by the local stack) partitioned files. */
export function kpiFactSinkFromEnv(): KpiFactSink {
  const { KPI_FACTS_DIR } = readConfig({ KPI_FACTS_DIR: z.optional(z.string().check(z.minLength(1))) });
  if (KPI_FACTS_DIR) return new LocalFileFactSink(KPI_FACTS_DIR);
  return new FirehoseFactSink(traced(new FirehoseClient({})), readConfig({ KPI_FACTS_STREAM: z.string().check(z.minLength(1)) }).KPI_FACTS_STREAM);
}

/** Where the scheduled reports are kept: `reports/` in the facts bucket on AWS, the local S3 server's bucket locally. */
export function reportArchiveFromEnv(): ReportArchive {
  return s3ReportArchive(traced(new S3Client({})), readConfig({ REPORTS_BUCKET: z.string().check(z.minLength(1)) }).REPORTS_BUCKET);
}

/** The KPI queries: Athena in the analytics workgroup on AWS; locally DuckDB over the files under KPI_FACTS_DIR. */
export function kpiStoreFromEnv(): KpiStore {
  const { KPI_FACTS_DIR } = readConfig({ KPI_FACTS_DIR: z.optional(z.string().check(z.minLength(1))) });
  if (KPI_FACTS_DIR) return localKpiStore(KPI_FACTS_DIR);
  const { KPI_WORKGROUP, KPI_DATABASE } = readConfig({ KPI_WORKGROUP: z.string().check(z.minLength(1)), KPI_DATABASE: z.string().check(z.minLength(1)) });
  return new AthenaKpiStore(traced(new AthenaClient({})), { workGroup: KPI_WORKGROUP, database: KPI_DATABASE });
}

/** Case events for integrators onto the EventBridge bus (locally the same API, served by local/event-delivery.ts). */
export const caseEventPublisherFromEnv = (): CaseEventPublisher =>
  new EventBridgePublisher(traced(new EventBridgeClient({})), readConfig({ EVENT_BUS_NAME: z.string().check(z.minLength(1), z.maxLength(256)) }).EVENT_BUS_NAME);
/**
 * Signed case links under the reply-address signing secrets (one secret list, newest first, a purpose-derived key
 * each): `REPLY_SIGNING_SECRETS` inline locally, `REPLY_SIGNING_SECRET_ARN` on AWS, fetched from Secrets Manager on
 * first use and kept for the container. Either must be set: a deployment that mails customers needs it.
 */
export function accessLinksFromEnv(): AccessLinks {
  if (process.env.REPLY_SIGNING_SECRETS === undefined && process.env.REPLY_SIGNING_SECRET_ARN === undefined) {
    throw new ConfigError('invalid configuration: REPLY_SIGNING_SECRETS or REPLY_SIGNING_SECRET_ARN must be set (the signing secrets of case links)');
  }
  const secrets = traced(new SecretsManagerClient({}));
  return new SecretAccessLinks(() => loadSigningSecrets(process.env, secrets));
}
/** The staff directory on the staff user pool (`USER_POOL_ID`); the endpoint comes from the SDK's own variables. */
export const staffDirectoryFromEnv = (): StaffDirectory =>
  new CognitoStaffDirectory(traced(new CognitoIdentityProviderClient({})), readConfig({ USER_POOL_ID: UserPoolId }).USER_POOL_ID);
// Finance (refunds, chargebacks, the payment provider): imports kept with the factories so this block stays one piece.

export const financeStoreFromEnv = (): FinanceStore => new DynamoFinanceStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME, customerIndexFromEnv(), personalKeysFromEnv());

export { paymentProviderFromEnv, webhookSecretsFromEnv } from './payments/http-payment-provider';
/**
 * Threading for mail about a case (a signed Reply-To, the sent id remembered), where the construct granted the
 * signing secret (`REPLY_DOMAIN` with `REPLY_SIGNING_SECRET_ARN`, or `REPLY_SIGNING_SECRETS` locally); else none.
 */
export function mailThreadingFromEnv(env: NodeJS.ProcessEnv = process.env): MailThreading | undefined {
  if (!env.REPLY_DOMAIN || (!env.REPLY_SIGNING_SECRETS && !env.REPLY_SIGNING_SECRET_ARN) || !env.TABLE_NAME) return undefined;
  const domain = env.REPLY_DOMAIN.toLowerCase();
  const signing = loadSigningSecrets(env, traced(new SecretsManagerClient({}))).then((secrets) => ({ domain, secrets }));
  signing.catch(() => undefined); // a bad secret fails each send that needs it, not the container
  const channels = new DynamoChannelStore(documentClient, readConfig({ TABLE_NAME: TableName }, env).TABLE_NAME, { get: async () => undefined });
  return { signing, recordSent: (key, caseId) => channels.recordSent(key, caseId) };
}

/**
 * Staff replies and notices to customers who wrote by direct message go back through the platform's Send API, with
 * the page access token: `SOCIAL_PAGE_ACCESS_TOKEN` locally, the secret `SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN` names
 * on AWS (read on first send, kept for the container). No URL or no token: no DM sender.
 */
export function directMessageSenderFromEnv(env: NodeJS.ProcessEnv = process.env): DirectMessageSender | undefined {
  if (!env.SOCIAL_GRAPH_API_URL || (env.SOCIAL_PAGE_ACCESS_TOKEN === undefined && env.SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN === undefined)) return undefined;
  const token = cachedSecret(() => loadSecretSetting(env, traced(new SecretsManagerClient({})), PAGE_ACCESS_TOKEN));
  return graphApiSender(env.SOCIAL_GRAPH_API_URL, token);
}
const PAGE_ACCESS_TOKEN = { inline: 'SOCIAL_PAGE_ACCESS_TOKEN', arn: 'SOCIAL_PAGE_ACCESS_TOKEN_SECRET_ARN', what: 'social page access token', schema: z.string().check(z.minLength(16)) } as const;

/** The outbox senders' counts as CloudWatch metrics, through the function's one Metrics instance. */
export const outboxObserverFromEnv = (): OutboxObserver => new OutboxMetrics(metrics);
/**
 * The staff lists' page cursors are signed under the reply-address signing secrets (their own derived key):
 * `REPLY_SIGNING_SECRETS` locally, `REPLY_SIGNING_SECRET_ARN` on AWS. Await it once at module scope.
 */
export async function cursorKeysFromEnv(): Promise<CursorKeys> {
  return { secrets: await loadSigningSecrets(process.env, traced(new SecretsManagerClient({}))) };
}

/** The audit log of staff reads and actions, in the case table. */
export const auditLogFromEnv = (): AuditLog => new DynamoAuditLog(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME);

/** Customer step-up challenges and fixed-window rate limits, in the case table. */
export const stepUpStoreFromEnv = (): StepUpStore => new DynamoStepUpStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME);
export const rateLimiterFromEnv = (): RateLimiter => new DynamoRateLimiter(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME);
// Field-level encryption: imports kept with the factory so this block stays one piece.
import { DynamoCustomerKeyStore } from './crypto/dynamodb-customer-keys';
import { destroyCustomerKeys } from './crypto/destroy-customer-keys';
import { kmsPersonalKeyWrapping, localPersonalKeyWrapping, PersonalKeys } from './crypto/personal-keys';
import type { FieldCipher, PersonalDataEraser } from '../core/ports';

/**
 * Sealed personal fields under per-customer data keys kept (wrapped) in their own table (`CUSTOMER_KEYS_TABLE`).
 * The master keyring: the customer-managed KMS key on AWS (`FIELD_KEY_ARN`, set with its grant by infra/constructs/field-keys.ts); locally
 * the raw AES key the local stack created (`FIELD_MASTER_KEY`, base64). Either must be set.
 */
export function fieldCipherFromEnv(): FieldCipher {
  const { FIELD_MASTER_KEY, FIELD_KEY_ARN } = masterKeyFromEnv();
  const keys = customerKeyStoreFromEnv();
  // The Encryption SDK (with its RSA, bignum and stream libraries) loads on the first seal or open, not at the cold
  // start: evaluating it took ~100 ms of intake's start → first response while most complaints seal nothing
  // (bench/README.md, "Target 2: where the time goes"). The configuration is still read, and refused, at the start.
  let cipher: Promise<FieldCipher> | undefined;
  const loaded = () =>
    (cipher ??= import('./crypto/envelope-field-cipher').then(
      ({ EnvelopeFieldCipher, kmsMasterKeyring, rawAesMasterKeyring }) =>
        new EnvelopeFieldCipher(FIELD_MASTER_KEY !== undefined ? rawAesMasterKeyring(Buffer.from(FIELD_MASTER_KEY, 'base64')) : kmsMasterKeyring(FIELD_KEY_ARN!), keys),
    ));
  return {
    seal: async (ref, plain) => (await loaded()).seal(ref, plain),
    open: async (ref, sealed) => (await loaded()).open(ref, sealed),
    shred: async (customer) => (await loaded()).shred(customer),
  };
}

/** The master key of sealed fields and of personal-data keys: `FIELD_MASTER_KEY` locally (preferred), else `FIELD_KEY_ARN`. */
function masterKeyFromEnv(): { FIELD_MASTER_KEY?: string; FIELD_KEY_ARN?: string } {
  const config = readConfig({
    FIELD_MASTER_KEY: z.optional(z.base64()),
    FIELD_KEY_ARN: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'must be a KMS key ARN'))),
  });
  if (config.FIELD_MASTER_KEY === undefined && config.FIELD_KEY_ARN === undefined) {
    throw new ConfigError('invalid configuration: FIELD_KEY_ARN or FIELD_MASTER_KEY must be set (the master key of sealed fields)');
  }
  return config;
}

// One per container: the opened keys it caches are shared by every store the wiring makes.
let personalKeys: PersonalKeys | undefined;

/**
 * The customers' personal-data keys (functions/adapters/crypto/personal-keys.ts) in `CUSTOMER_KEYS_TABLE`, wrapped by
 * KMS (`FIELD_KEY_ARN`) on AWS or the local field master key (`FIELD_MASTER_KEY`). infra/constructs/field-keys.ts
 * gives every function that reads or writes the case table the table and the key (test/infra/field-keys.test.ts
 * checks it), so every case store seals; undefined only without `CUSTOMER_KEYS_TABLE` (tools run by hand on items in clear).
 */
export function personalKeysFromEnv(): PersonalKeys | undefined {
  const { CUSTOMER_KEYS_TABLE } = readConfig({ CUSTOMER_KEYS_TABLE: z.optional(TableName) });
  if (CUSTOMER_KEYS_TABLE === undefined) return undefined;
  const { FIELD_MASTER_KEY, FIELD_KEY_ARN } = masterKeyFromEnv();
  const wrapping = FIELD_MASTER_KEY !== undefined ? localPersonalKeyWrapping(Buffer.from(FIELD_MASTER_KEY, 'base64')) : kmsPersonalKeyWrapping(FIELD_KEY_ARN!);
  return (personalKeys ??= new PersonalKeys(documentClient, CUSTOMER_KEYS_TABLE, wrapping));
}

/** The case store with its erasure of personal data (functions/domain/erasure.ts). */
export const erasableCaseStoreFromEnv = (): CaseStore & PersonalDataEraser => new DynamoCaseStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME, customerIndexFromEnv(), personalKeysFromEnv());

/** Erasure's part of the field cipher: destroying a customer's wrapped data key needs the key tables only, no master key. */
export const fieldShredderFromEnv = (): Pick<FieldCipher, 'shred'> => {
  const keys = customerKeyStoreFromEnv();
  return { shred: (customer) => destroyCustomerKeys(keys, customer) };
};

/**
 * The wrapped customer keys: `CUSTOMER_KEYS_TABLE`, and the case table (`TABLE_NAME`) for the keys earlier versions
 * kept there until tools/move-customer-keys.ts has moved them (functions/adapters/crypto/dynamodb-customer-keys.ts).
 */
function customerKeyStoreFromEnv(): DynamoCustomerKeyStore {
  const { CUSTOMER_KEYS_TABLE, TABLE_NAME } = readConfig({ CUSTOMER_KEYS_TABLE: TableName, TABLE_NAME: TableName });
  return new DynamoCustomerKeyStore(documentClient, CUSTOMER_KEYS_TABLE, TABLE_NAME);
}

/** Outage incidents and their linked cases, in the case table. */
export const incidentStoreFromEnv = (): IncidentStore => new DynamoIncidentStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME);

// Legal holds (functions/core/use-cases/legal-hold.ts): appended as one block of the file.
import type { LegalHoldStore } from '../core/ports';
import { DynamoLegalHoldStore } from './dynamodb-legal-hold-store';
import { traced } from './tracer';

/** Manual legal holds, in the case table (`LEGALHOLD#<case id>`). */
export const legalHoldStoreFromEnv = (): LegalHoldStore => new DynamoLegalHoldStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME);
