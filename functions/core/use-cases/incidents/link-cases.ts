import { incidentMatches, type Incident } from '../../../domain/incident/incident';
import type { CaseStatus } from '../../../domain/case';
import { actForIncident, noticeOf, type LinkDeps } from './incident-deps';

/** Cases an outage can still change: open work, not a resolution waiting for the customer's verdict. */
export const LINKABLE_STATUSES: readonly CaseStatus[] = ['acknowledged', 'in_progress', 'awaiting_customer', 'escalated_senior', 'dispute_review'];

/**
 * Links one case to an incident: the link item first (so the incident's list of cases never misses a case that was
 * told), then the case's own decision (front of the queue, the latest update told through the outbox). A case that
 * refuses (already linked, closed meanwhile) keeps its link item only when the case itself says it is linked to this one.
 */
export async function linkCase(deps: LinkDeps, incident: Incident, caseId: string): Promise<'linked' | 'refused'> {
  await deps.incidents.link(incident.id, caseId, deps.now().toISOString());
  if (await actForIncident(deps, caseId, { type: 'linkIncident', incident: noticeOf(incident) })) return 'linked';
  const now = await deps.store.get(caseId);
  if (now?.lifecycle.incident?.id !== incident.id) await deps.incidents.closeLink(incident.id, caseId, { at: deps.now().toISOString(), outcome: 'unchanged' });
  return 'refused';
}

/**
 * The open cases an incident explains and not yet linked to one, read from the queue partitions (open cases only,
 * never the whole table): what its declaration links (fan-out-plan.ts cuts them into batches).
 */
export async function openCasesExplainedBy(deps: LinkDeps, incident: Incident): Promise<string[]> {
  const open = await deps.store.queueMatches({ statuses: LINKABLE_STATUSES });
  return open.filter((c) => !c.lifecycle.incident && incidentMatches(incident.scope, c)).map((c) => c.id);
}

/**
 * A new case, right after its acknowledgment: linked to the first active incident that explains it (the customer
 * hears of the outage after the acknowledgment, never before it).
 */
export async function linkNewCase(deps: LinkDeps, caseId: string): Promise<string | undefined> {
  const theCase = await deps.store.get(caseId);
  if (!theCase || theCase.lifecycle.incident || !LINKABLE_STATUSES.includes(theCase.status)) return undefined;
  const incident = (await deps.incidents.list()).find((i) => i.status === 'active' && incidentMatches(i.scope, theCase));
  if (!incident) return undefined;
  return (await linkCase(deps, incident, caseId)) === 'linked' ? incident.id : undefined;
}
