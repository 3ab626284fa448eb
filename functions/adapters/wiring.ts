import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadSigningSecrets } from '../channels/email/signing-secrets';
import { DynamoChannelStore } from '../channels/store/dynamodb-channel-store';
import { directMessageMailer } from '../channels/social/dm-mailer';
import { graphApiSender } from '../channels/social/graph-api-sender';
import type { DirectMessageSender } from '../channels/social/outbound-message';
import { earlierVersions } from '../../policies/index';
import { policyBook } from '../core/policy-book';
import type { CaseStore, Mailer, Notifier, PolicyBook, TaskCallbacks, WorkflowExecutions, WorkflowStarter } from '../core/ports';
import { loadPolicy, parsePolicy } from '../domain/policy';
import { ConfigurationSetName, EmailAddress, PolicyPreset, PublicBaseUrl, readConfig, StateMachineArn, TableName } from './config';
import { documentClient } from './dynamodb-client';
import { DynamoCaseStore } from './dynamodb-case-store';
import { PolicyNotifier } from './notifier';
import { SesMailer, sesClient, type MailThreading } from './ses-mailer';
import { sfnClient } from './sfn-client';
import { SfnTaskCallbacks } from './sfn-task-callbacks';
import { SfnWorkflowStarter } from './sfn-workflow-starter';

/**
 * The adapters behind the core's ports, built from the environment when a handler module loads (once per
 * container). Each factory reads only the variables its adapter needs, so a handler is configured with exactly
 * what its construct granted it, and a missing variable stops the cold start naming it.
 */

export const caseStoreFromEnv = (): CaseStore => new DynamoCaseStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME);

/** The preset in force and every earlier version of it this deployment carries for the cases that started under them. */
export function policiesFromEnv(): PolicyBook {
  const { POLICY_PRESET } = readConfig({ POLICY_PRESET: PolicyPreset });
  return policyBook(loadPolicy(POLICY_PRESET), (earlierVersions[POLICY_PRESET] ?? []).map((d, i) => parsePolicy(d, `policy preset "${POLICY_PRESET}" earlier version ${i + 1}`)));
}

export const publicBaseUrlFromEnv = (): string => readConfig({ PUBLIC_BASE_URL: PublicBaseUrl }).PUBLIC_BASE_URL;

export function mailerFromEnv(): Mailer {
  const config = readConfig({ SENDER_ADDRESS: EmailAddress, SES_CONFIGURATION_SET: ConfigurationSetName });
  return directMessageMailer(new SesMailer(sesClient, config.SENDER_ADDRESS, config.SES_CONFIGURATION_SET, mailThreadingFromEnv()), directMessageSenderFromEnv());
}

/** Customer mail from the policy's templates, staff notices to the supervisors' mailbox (optional: counted undelivered without it). */
export function notifierFromEnv(mailer: Mailer = mailerFromEnv()): Notifier {
  const { SUPERVISOR_ADDRESS } = readConfig({ SUPERVISOR_ADDRESS: EmailAddress.optional() });
  return new PolicyNotifier(mailer, publicBaseUrlFromEnv(), SUPERVISOR_ADDRESS);
}

export const callbacksFromEnv = (): TaskCallbacks => new SfnTaskCallbacks(sfnClient);

export const workflowExecutionsFromEnv = (): WorkflowExecutions => new SfnWorkflowStarter(sfnClient, readConfig({ STATE_MACHINE_ARN: StateMachineArn }).STATE_MACHINE_ARN);
export const workflowStarterFromEnv = (): WorkflowStarter => workflowExecutionsFromEnv();

export const systemClock = () => new Date();
export const newCaseId = () => randomUUID();

/**
 * Threading for mail about a case (a signed Reply-To, the sent id remembered), where the construct granted the
 * signing secret (`REPLY_DOMAIN` with `REPLY_SIGNING_SECRET_ARN`, or `REPLY_SIGNING_SECRETS` locally); else none.
 */
export function mailThreadingFromEnv(env: NodeJS.ProcessEnv = process.env): MailThreading | undefined {
  if (!env.REPLY_DOMAIN || (!env.REPLY_SIGNING_SECRETS && !env.REPLY_SIGNING_SECRET_ARN) || !env.TABLE_NAME) return undefined;
  const domain = env.REPLY_DOMAIN.toLowerCase();
  const signing = loadSigningSecrets(env, new SecretsManagerClient({})).then((secrets) => ({ domain, secrets }));
  signing.catch(() => undefined); // a bad secret fails each send that needs it, not the container
  const channels = new DynamoChannelStore(documentClient, readConfig({ TABLE_NAME: TableName }, env).TABLE_NAME, { get: async () => undefined });
  return { signing, recordSent: (key, caseId) => channels.recordSent(key, caseId) };
}

/** Staff replies and notices to customers who wrote by direct message go back through the platform's Send API. */
export function directMessageSenderFromEnv(env: NodeJS.ProcessEnv = process.env): DirectMessageSender | undefined {
  return env.SOCIAL_GRAPH_API_URL && env.SOCIAL_PAGE_ACCESS_TOKEN ? graphApiSender(env.SOCIAL_GRAPH_API_URL, env.SOCIAL_PAGE_ACCESS_TOKEN) : undefined;
}
