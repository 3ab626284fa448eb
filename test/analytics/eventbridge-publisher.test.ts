import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../functions/analytics/eventbridge-publisher';
import { CaseEventSchema, type CaseEvent } from '../../functions/domain/case-events';

const eventbridge = mockClient(EventBridgeClient);
beforeEach(() => eventbridge.reset());

const event = (seq: number): CaseEvent =>
  CaseEventSchema.parse({
    id: `c1#${seq}`,
    type: 'staff_replied',
    occurredAt: new Date(Date.UTC(2026, 11, 1, 9, seq)).toISOString(),
    case: { id: 'c1', caseNumber: 'PE-2026-000001', status: 'in_progress', category: 'payout_delay', priority: 'normal', channel: 'web', department: 'payments', level: 0, policy: { name: 'promptearn', version: '1' } },
    event: { seq, actorRole: 'agent', summary: 'Replied', visibility: 'customer', deadlines: [] },
  });

describe('EventBridgePublisher', () => {
  it('puts events 10 at a time, each with its own instant, type and detail', async () => {
    // Prepare
    eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const events = Array.from({ length: 23 }, (_, i) => event(i + 1));
    // Act
    await new EventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), 'bus').publish(events);
    // Assess
    const calls = eventbridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!);
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    const first = calls[0]![0]!;
    expect(first).toMatchObject({ EventBusName: 'bus', Source: 'redress.cases', DetailType: 'Case staff replied', Time: new Date(events[0]!.occurredAt) });
    expect(JSON.parse(first.Detail!)).toEqual(events[0]);
  });

  it('sends the refused entries once more, and only those', async () => {
    eventbridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }, { EventId: 'c' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    await new EventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), 'bus').publish([event(1), event(2), event(3)]);
    const second = eventbridge.commandCalls(PutEventsCommand)[1]!.args[0].input.Entries!;
    expect(second.map((e) => JSON.parse(e.Detail!).id)).toEqual(['c1#2']);
  });
});
