import type { Incident } from '../../../domain/incident/incident';
import { eachLimited } from '../../each-limited';
import type { IncidentFanOutBatch, IncidentFanOutCursor } from '../../ports';
import { planFanOut } from './fan-out-plan';
import { actForIncident, INCIDENT_FAN_OUT, noticeOf, type LinkDeps } from './incident-deps';
import { linkCase, openCasesExplainedBy } from './link-cases';

/**
 * Linking thousands of cases to an incident, or telling their customers an update, does not fit in a request: the
 * route stores the incident's change and its fan-out (batches of case ids, fan-out-plan.ts) in one atomic write and
 * answers; the consumer acts on each batch's cases (runFanOutBatch) and continues a fan-out too large for one write
 * from its cursor (continueFanOut). Delivery is at least once: a redelivered batch tells nobody twice, because each
 * case records the incident it is linked to and the last update it told, and refuses a link or an update it already
 * has (the commit writes that mark and the outbox item together); a redelivered cursor queues nothing twice.
 */

/** What the change stream hands the consumer: a batch or a cursor, by its ids. */
export type QueuedFanOut = { incidentId: string; batchId: string } | { incidentId: string; cursorId: string };

/** One delivered fan-out item: a batch acted on, or a cursor continued. Answers how many cases took the link or the update. */
export async function runQueuedFanOut(deps: LinkDeps, item: QueuedFanOut): Promise<number> {
  if ('cursorId' in item) {
    await continueFanOut(deps, item);
    return 0;
  }
  return runFanOutBatch(deps, item);
}

/**
 * One queued batch: each of its cases linked (`link`) or told (`update`) the incident's latest update through the
 * outbox (a later update posted meanwhile is told instead, and its own batches then find it told). Nothing happens
 * once the incident is resolved. Answers how many cases took the link or the update.
 */
export async function runFanOutBatch(deps: LinkDeps, ids: { incidentId: string; batchId: string }): Promise<number> {
  const batch = await deps.incidents.fanOutBatch(ids.incidentId, ids.batchId);
  const incident = batch && (await deps.incidents.get(batch.incidentId));
  if (!batch || !incident || incident.status !== 'active') return 0;
  let told = 0;
  await eachLimited(batch.caseIds, INCIDENT_FAN_OUT, async (caseId) => {
    const took = batch.kind === 'link' ? (await linkCase(deps, incident, caseId)) === 'linked' : await actForIncident(deps, caseId, { type: 'incidentUpdate', incident: noticeOf(incident) });
    if (took) told += 1;
  });
  return told;
}

/**
 * A fan-out larger than one write continues: the cases of its kind read again (open cases the incident explains, or
 * its open links), those after the cursor queued as the next batches and, if more remain, the next cursor, all in one
 * write. Reading in id order after the last id queued, a case linked meanwhile below the cursor is not queued here:
 * linking tells a case the latest update itself.
 */
export async function continueFanOut(deps: LinkDeps, ids: { incidentId: string; cursorId: string }): Promise<void> {
  const cursor = await deps.incidents.fanOutCursor(ids.incidentId, ids.cursorId);
  const incident = cursor && (await deps.incidents.get(cursor.incidentId));
  if (!cursor || !incident || incident.status !== 'active') return;
  const caseIds = await casesOf(deps, cursor.kind, incident);
  await deps.incidents.queueFanOut(planFanOut(cursor.kind, incident.id, cursor.updateSeq, caseIds, cursor.queuedAt, { after: cursor.after, nextBatch: cursor.nextBatch }));
}

async function casesOf(deps: LinkDeps, kind: IncidentFanOutCursor['kind'], incident: Incident): Promise<string[]> {
  if (kind === 'link') return openCasesExplainedBy(deps, incident);
  return (await deps.incidents.links(incident.id)).filter((l) => !l.closed).map((l) => l.caseId);
}
