import type { CaseEvent } from '../domain/case-events';
import type { KpiFact } from '../domain/kpi';
import type { LifecycleEvent } from '../domain/lifecycle';
import type { Policy } from '../domain/policy';
import { caseEventsOf } from './publish-case-events';
import { recordKpiFacts, type ItemChange } from './record-kpi-facts';
import type { CaseEventPublisher, KpiFactSink } from '../core/ports';

/**
 * Everything that leaves the table after a case write, in one consumer of the change stream: the KPI facts to the
 * fact sink and the case events to the bus. Nothing of this runs on the request path. Each case's timeline is read
 * once per batch (one query of its own partition; the read follows every write of the batch, so it holds every
 * event an image names). A failure fails the batch, which the stream retries: facts are idempotent rows, events
 * carry a stable id.
 */

export interface CaseChangePorts {
  timelineOf(caseId: string): Promise<readonly LifecycleEvent[]>;
  policyOf(ref: { name: string; version: string }): Policy;
  facts: KpiFactSink;
  events: CaseEventPublisher;
}

export async function onCaseChanges(changes: readonly ItemChange[], ports: CaseChangePorts): Promise<{ facts: KpiFact[]; events: CaseEvent[] }> {
  const timelines = new Map<string, Promise<readonly LifecycleEvent[]>>();
  const timelineOf = (caseId: string) => {
    let t = timelines.get(caseId);
    if (!t) timelines.set(caseId, (t = ports.timelineOf(caseId)));
    return t;
  };
  const facts = await recordKpiFacts(changes, { timelineOf, policyOf: ports.policyOf, sink: ports.facts });
  const events = await caseEventsOf(changes, timelineOf);
  if (events.length > 0) await ports.events.publish(events);
  return { facts, events };
}
