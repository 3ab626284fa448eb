import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CASE_EVENT_SOURCE, caseEventDetailType, type CaseEvent } from '../domain/case-events';
import type { CaseEventPublisher } from '../core/ports';

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES = 10;

/**
 * Case events onto the EventBridge bus (infra/constructs/case-events.ts): source `redress.cases`, detail-type
 * "Case <event type>", the event as `detail`, its own instant as the event time. Entries the bus refuses are sent
 * once more; any still refused fail the call, so the stream batch is retried (subscribers drop repeats by `id`).
 * Locally the same client reaches the local stack's event delivery (local/event-delivery.ts) through
 * AWS_ENDPOINT_URL_EVENTBRIDGE.
 */
export class EventBridgePublisher implements CaseEventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly CaseEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += MAX_ENTRIES) {
      let pending: PutEventsRequestEntry[] = events.slice(i, i + MAX_ENTRIES).map((e) => ({
        EventBusName: this.busName,
        Source: CASE_EVENT_SOURCE,
        DetailType: caseEventDetailType(e.type),
        Detail: JSON.stringify(e),
        Time: new Date(e.occurredAt),
        Resources: [],
      }));
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
        const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
        pending = out.FailedEntryCount ? pending.filter((_, j) => out.Entries?.[j]?.ErrorCode) : [];
      }
      if (pending.length > 0) throw new Error(`EventBridge refused ${pending.length} case event(s) twice`);
    }
  }
}
