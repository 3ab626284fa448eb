import type { Incident } from '../../../domain/incident/incident';
import { eachLimited } from '../../each-limited';
import type { IncidentFanOutBatch } from '../../ports';
import { actForIncident, INCIDENT_FAN_OUT, noticeOf, type LinkDeps } from './incident-deps';
import { linkCase } from './link-cases';

/**
 * Linking thousands of cases to an incident, or telling their customers an update, does not fit in a request: the
 * route queues the cases in batches (IncidentStore.queueFanOut) and answers; the consumer acts on each batch's cases
 * (runFanOutBatch). Delivery is at least once: a redelivered batch tells nobody twice, because each case records the
 * incident it is linked to and the last update it told, and refuses a link or an update it already has (the commit
 * writes that mark and the outbox item together).
 */

/** Case ids per queued batch: one consumer invocation commits this many cases, INCIDENT_FAN_OUT at a time. */
export const FAN_OUT_BATCH_SIZE = 25;

export function fanOutBatchesOf(kind: IncidentFanOutBatch['kind'], incident: Incident, caseIds: readonly string[], queuedAt: string): IncidentFanOutBatch[] {
  const updateSeq = incident.updates.length;
  const batches: IncidentFanOutBatch[] = [];
  for (let i = 0; i < caseIds.length; i += FAN_OUT_BATCH_SIZE) {
    batches.push({ incidentId: incident.id, kind, batchId: `${kind}-${updateSeq}-${i / FAN_OUT_BATCH_SIZE + 1}`, updateSeq, caseIds: caseIds.slice(i, i + FAN_OUT_BATCH_SIZE), queuedAt });
  }
  return batches;
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
