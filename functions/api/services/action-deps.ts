import { ConfigurationSetName, EmailAddress, PolicyPreset, PublicBaseUrl, readConfig, TableName } from '../../adapters/config';
import { documentClient } from '../../adapters/dynamodb-client';
import { DynamoTicketStore } from '../../adapters/dynamodb-ticket-store';
import { Notifier } from '../../adapters/notifier';
import { SesMailer, sesClient } from '../../adapters/ses-mailer';
import { SfnTaskCallbacks } from '../../adapters/sfn-task-callbacks';
import { sfnClient } from '../../adapters/sfn-workflow-starter';
import { loadPolicy } from '../../domain/policy';
import { CaseActions } from './case-actions';

/**
 * The wiring both action handlers share (staff and customer), built once per container when the handler module
 * loads: config validated (a missing variable stops the cold start, naming it), clients created once.
 */
export function caseActionsFromEnv() {
  const config = readConfig({
    TABLE_NAME: TableName,
    POLICY_PRESET: PolicyPreset,
    PUBLIC_BASE_URL: PublicBaseUrl,
    SENDER_ADDRESS: EmailAddress,
    SES_CONFIGURATION_SET: ConfigurationSetName,
    // Optional: the staff mailbox for staff notifications (customer messages, assignments); see adapters/notifier.ts.
    SUPERVISOR_ADDRESS: EmailAddress.optional(),
  });
  const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);
  const actions = new CaseActions({
    policy: loadPolicy(config.POLICY_PRESET),
    store,
    callbacks: new SfnTaskCallbacks(sfnClient),
    notifier: new Notifier(new SesMailer(sesClient, config.SENDER_ADDRESS, config.SES_CONFIGURATION_SET), config.PUBLIC_BASE_URL, config.SUPERVISOR_ADDRESS),
  });
  return { store, actions };
}
