import { ConfigurationSetName, EmailAddress, PolicyPreset, PublicBaseUrl, readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { SesMailer, sesClient } from '../adapters/ses-mailer';
import { loadPolicy } from '../domain/policy';
import { CaseStore } from './services/case-store';

/**
 * What the workflow's task handlers share, read once per container from the environment and validated (a bad
 * variable stops the cold start naming it): the case store, the mailer, the policy, the staff mailbox.
 */
export function workflowContext() {
  const config = readConfig({
    TABLE_NAME: TableName,
    SENDER_ADDRESS: EmailAddress,
    SES_CONFIGURATION_SET: ConfigurationSetName,
    PUBLIC_BASE_URL: PublicBaseUrl,
    POLICY_PRESET: PolicyPreset,
    SUPERVISOR_ADDRESS: EmailAddress,
  });
  return {
    store: new CaseStore(documentClient, config.TABLE_NAME),
    mailer: new SesMailer(sesClient, config.SENDER_ADDRESS, config.SES_CONFIGURATION_SET),
    policy: loadPolicy(config.POLICY_PRESET),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    staffAddress: config.SUPERVISOR_ADDRESS,
    supervisorAddress: config.SUPERVISOR_ADDRESS,
  };
}
