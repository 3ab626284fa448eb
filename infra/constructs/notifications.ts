import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface NotificationsProps {
  readonly senderAddress: string;
  /** Names the configuration set `redress-<stage>`, readable in the SES console and locally. */
  readonly stage: string;
}

/**
 * SES: the sender's email identity (AWS mails a verification link to it on deploy) and a
 * configuration set that every message goes through, for reputation metrics and the
 * account's suppression list.
 */
export class Notifications extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderAddress: string;
  /** The literal name, so SES_CONFIGURATION_SET reads the same locally and on AWS. */
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.configurationSetName = `redress-${props.stage}`;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identity = new ses.EmailIdentity(this, 'Sender', {
      identity: ses.Identity.email(props.senderAddress),
      configurationSet: this.configurationSet,
    });
  }

  /**
   * SES's "Email Sent" events of this configuration set go to the account's default event bus (the only bus SES
   * publishes to) and on to `fn`, which marks each message's outbox item sent: the mail service's own record closes
   * the window in which a sender dies between SES accepting a message and marking it.
   */
  confirmSendsWith(fn: IFunction): events.Rule {
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('SendEvents', {
      destination: ses.EventDestination.eventBus(bus),
      events: [ses.EmailSendingEvent.SEND],
    });
    return new events.Rule(this, 'SentMail', {
      description: 'Marks the outbox item of each message SES accepted as sent',
      eventPattern: { source: ['aws.ses'], detailType: ['Email Sent'], detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSetName] } } } },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 8 })],
    });
  }

  /** ses:SendEmail from the sender identity through the configuration set, plus the variables naming both. */
  allowSending(fn: LambdaFunction): void {
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSetName,
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identity.emailIdentityArn, configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
      }),
    );
    fn.addEnvironment('SENDER_ADDRESS', this.senderAddress);
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSetName);
    // The literal name carries no reference, so order the deployment explicitly.
    fn.node.addDependency(this.configurationSet, this.identity);
  }
}
