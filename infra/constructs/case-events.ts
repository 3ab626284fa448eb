import { Duration, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CASE_EVENT_SOURCE, WEBHOOK_HEADERS } from '../../functions/domain/case-events';

export interface WebhookSubscriber {
  /** A short name: the rule, the destination and the key are named after it. */
  readonly name: string;
  /** HTTPS endpoint the case events are POSTed to. */
  readonly url: string;
  /** Deliveries per second at most (EventBridge queues the rest). */
  readonly rateLimitPerSecond?: number;
}

export interface CaseEventsProps {
  readonly subscribers?: readonly WebhookSubscriber[];
}

type FunctionWithEnv = IFunction & { addEnvironment(key: string, value: string): unknown };

/**
 * Case events for integrators: an EventBridge bus the change-stream consumer publishes every case event to (source
 * `redress.cases`, the documented CaseEvent as `detail`), and per webhook subscriber a rule → API destination that
 * POSTs the detail with the event's id and type as headers, authenticated by the connection's API key (a generated
 * secret the subscriber is given), retried for a day and rate-limited by the managed service, with a dead-letter
 * queue for what still fails. API destinations cannot sign a body: the HMAC signature header is sent by the local
 * delivery only; on AWS a signing step before delivery is not built.
 */
export class CaseEvents extends Construct {
  readonly bus: events.EventBus;
  readonly busName: string;
  readonly deadLetters: sqs.Queue;
  readonly destinations: events.ApiDestination[] = [];

  constructor(scope: Construct, id: string, props: CaseEventsProps = {}) {
    super(scope, id);
    // A literal name, so the publisher's environment names it without a reference (the local runtime reads env from the template).
    this.busName = `redress-cases-${Stack.of(this).stackName}`;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: this.busName, description: 'Redress case events (CaseEvent in the OpenAPI webhooks section)' });
    this.deadLetters = new sqs.Queue(this, 'WebhookDeadLetters', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the webhook deliveries.' });

    for (const s of props.subscribers ?? []) {
      const key = new secretsmanager.Secret(this, `${s.name}Key`, {
        description: `Webhook key sent to the ${s.name} subscriber as ${WEBHOOK_HEADERS.key}`,
        generateSecretString: { excludePunctuation: true, passwordLength: 40 },
      });
      Validations.of(key).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'A shared key agreed with an external subscriber: rotated together with them, not by a Lambda.' });
      const connection = new events.Connection(this, `${s.name}Connection`, {
        description: `Credentials for the ${s.name} webhook`,
        authorization: events.Authorization.apiKey(WEBHOOK_HEADERS.key, SecretValue.secretsManager(key.secretArn)),
      });
      const destination = new events.ApiDestination(this, `${s.name}Destination`, {
        connection,
        endpoint: s.url,
        httpMethod: events.HttpMethod.POST,
        rateLimitPerSecond: s.rateLimitPerSecond ?? 10,
        description: `Case events to ${s.name}`,
      });
      this.destinations.push(destination);
      new events.Rule(this, `${s.name}Rule`, {
        eventBus: this.bus,
        description: `Every case event to the ${s.name} webhook`,
        eventPattern: { source: [CASE_EVENT_SOURCE] },
        targets: [
          new targets.ApiDestination(destination, {
            event: events.RuleTargetInput.fromEventPath('$.detail'),
            headerParameters: { [WEBHOOK_HEADERS.eventId]: '$.detail.id', [WEBHOOK_HEADERS.eventType]: '$.detail-type' },
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
            deadLetterQueue: this.deadLetters,
          }),
        ],
      });
    }
  }

  /** The change-stream consumer publishes case events: PutEvents on this bus, EVENT_BUS_NAME names it. */
  allowPublish(fn: FunctionWithEnv): void {
    this.bus.grantPutEventsTo(fn);
    fn.addEnvironment('EVENT_BUS_NAME', this.busName);
  }
}
