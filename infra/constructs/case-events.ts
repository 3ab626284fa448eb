import { Duration, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CASE_EVENT_SOURCE, WEBHOOK_HEADERS } from '../../functions/domain/case-events';

export interface WebhookSubscriber {
  /** A short name: the rule, the destination and the key are named after it. */
  readonly name: string;
  /** HTTPS endpoint the case events are POSTed to. */
  readonly url: string;
  /** Deliveries per second at most (EventBridge queues the rest); API destination deliveries only. */
  readonly rateLimitPerSecond?: number;
  /**
   * `signed` (the default): the delivery function POSTs each event with the Redress-Signature header, as the local
   * stack does. `api-destination`: EventBridge's API destination POSTs it, authenticated by the key header alone (an
   * API destination cannot sign a body).
   */
  readonly delivery?: 'signed' | 'api-destination';
}

export interface CaseEventsProps {
  readonly subscribers?: readonly WebhookSubscriber[];
  /** The webhook delivery function (handler `deliverWebhooks`): required when a subscriber is signed. */
  readonly deliverer?: FunctionWithEnv;
}

/**
 * The signed delivery's retries: SQS hands a message the function did not deliver back after the visibility timeout,
 * 96 times 15 minutes = 24 hours (as long as EventBridge retries an API destination), then to the dead-letter queue.
 * The timeout is also well above the function's (15 s), as SQS event sources require.
 */
export const WEBHOOK_RETRY_INTERVAL = Duration.minutes(15);
export const WEBHOOK_MAX_RECEIVES = 96;

type FunctionWithEnv = IFunction & { addEnvironment(key: string, value: string): unknown };

/**
 * Case events for integrators: an EventBridge bus the change-stream consumer publishes every case event to (source
 * `redress.cases`, the documented CaseEvent as `detail`), and per webhook subscriber a rule → API destination that
 * POSTs the detail with the event's id and type as headers, authenticated by the connection's API key (a generated
 * secret the subscriber is given), retried for a day and rate-limited by the managed service, with a dead-letter
 * queue for what still fails. API destinations cannot sign a body, so a subscriber that needs the HMAC signature
 * (the default) is served by a rule → SQS queue → the delivery function, which renders the body once, signs it with
 * the subscriber's signing secret (Secrets Manager, readable by that function only) and sends those same bytes
 * (functions/analytics/webhook-post.ts, the code the local stack delivers with).
 */
export class CaseEvents extends Construct {
  readonly bus: events.EventBus;
  readonly busName: string;
  readonly deadLetters: sqs.Queue;
  readonly destinations: events.ApiDestination[] = [];
  /** The signed subscribers' events, waiting for the delivery function (undefined without a deliverer). */
  readonly signedDeliveries?: sqs.Queue;

  constructor(scope: Construct, id: string, props: CaseEventsProps = {}) {
    super(scope, id);
    // A literal name, so the publisher's environment names it without a reference (the local runtime reads env from the template).
    this.busName = `redress-cases-${Stack.of(this).stackName}`;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: this.busName, description: 'Redress case events (CaseEvent in the OpenAPI webhooks section)' });
    this.deadLetters = new sqs.Queue(this, 'WebhookDeadLetters', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the webhook deliveries.' });

    const subscribers = props.subscribers ?? [];
    const signed = subscribers.filter((s) => (s.delivery ?? 'signed') === 'signed');
    if (signed.length > 0 && !props.deliverer) throw new Error(`webhook subscribers ${signed.map((s) => s.name).join(', ')} are signed: pass the delivery function`);
    const signedEnv: Record<string, string>[] = [];
    if (props.deliverer) {
      this.signedDeliveries = new sqs.Queue(this, 'SignedDeliveries', {
        enforceSSL: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        visibilityTimeout: WEBHOOK_RETRY_INTERVAL,
        // Longer than the retries, so a message is never dropped before it reached the dead-letter queue.
        retentionPeriod: Duration.days(2),
        deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: WEBHOOK_MAX_RECEIVES },
      });
      props.deliverer.addEventSource(
        new SqsEventSource(this.signedDeliveries, {
          batchSize: 10,
          reportBatchItemFailures: true,
          // The fewest concurrent deliveries SQS allows: a burst of case events does not flood a subscriber.
          maxConcurrency: 2,
        }),
      );
    }

    for (const s of subscribers) {
      const key = new secretsmanager.Secret(this, `${s.name}Key`, {
        description: `Webhook key sent to the ${s.name} subscriber as ${WEBHOOK_HEADERS.key}`,
        generateSecretString: { excludePunctuation: true, passwordLength: 40 },
      });
      Validations.of(key).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'A shared key agreed with an external subscriber: rotated together with them, not by a Lambda.' });
      if ((s.delivery ?? 'signed') === 'signed') {
        this.signedSubscriber(s, key, props.deliverer!, signedEnv);
        continue;
      }
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
    // The function reads its subscribers from here; "[]" when there are none, so it starts either way.
    props.deliverer?.addEnvironment('WEBHOOK_SUBSCRIBERS', Stack.of(this).toJsonString(signedEnv));
  }

  /**
   * A signed subscriber: its signing secret (read by the delivery function only, with its key), and a rule putting
   * `{ subscriber, detailType, detail }` on the queue; the function signs and sends `detail`.
   */
  private signedSubscriber(s: WebhookSubscriber, key: secretsmanager.Secret, deliverer: FunctionWithEnv, env: Record<string, string>[]): void {
    const signingSecret = new secretsmanager.Secret(this, `${s.name}SigningSecret`, {
      description: `HMAC-SHA256 key of the ${WEBHOOK_HEADERS.signature} header sent to the ${s.name} subscriber`,
      generateSecretString: { excludePunctuation: true, passwordLength: 64 },
    });
    Validations.of(signingSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'A signing secret shared with an external subscriber: rotated together with them (the receiver accepts the old and new during the change), not by a Lambda.' });
    key.grantRead(deliverer);
    signingSecret.grantRead(deliverer);
    env.push({ name: s.name, url: s.url, keySecretArn: key.secretArn, signingSecretArn: signingSecret.secretArn });
    new events.Rule(this, `${s.name}Rule`, {
      eventBus: this.bus,
      description: `Every case event to the ${s.name} webhook, signed by the delivery function`,
      eventPattern: { source: [CASE_EVENT_SOURCE] },
      targets: [
        new targets.SqsQueue(this.signedDeliveries!, {
          message: events.RuleTargetInput.fromObject({ subscriber: s.name, detailType: events.EventField.detailType, detail: events.EventField.fromPath('$.detail') }),
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }

  /** The change-stream consumer publishes case events: PutEvents on this bus, EVENT_BUS_NAME names it. */
  allowPublish(fn: FunctionWithEnv): void {
    this.bus.grantPutEventsTo(fn);
    fn.addEnvironment('EVENT_BUS_NAME', this.busName);
  }
}
