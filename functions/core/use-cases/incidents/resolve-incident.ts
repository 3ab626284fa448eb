import { IncidentIdSchema, ResolveIncidentSchema, type Incident } from '../../../domain/incident/incident';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { fieldErrorsOf } from '../../../domain/lifecycle/field-errors';
import { notFound, refused, type Outcome } from '../../outcomes';
import { ConcurrentChangeError, type IncidentLink } from '../../ports';
import { actOnCase } from '../act-on-case';
import { audited } from '../audit-trail';
import { eachLimited } from '../../each-limited';
import { actForIncident, INCIDENT_FAN_OUT, mayRunIncidents, type IncidentDeps } from './incident-deps';

export type ResolvedIncident = Outcome<{ incident: Incident; links: IncidentLink[] }>;

/**
 * The outage is over. The incident is marked resolved first (the banner goes, new cases stop linking), then each
 * linked case is unlinked with the note (its own queue rank back) and, with outcome `resolve`, resolved by the
 * supervisor with the note as the resolution, which sends the customer the policy's resolution message. A case the
 * lifecycle will not resolve (identity unchecked, waiting on finance) stays re-queued; its link records `requeued`.
 * Running it again after a crash picks up the links not yet closed.
 */
export async function resolveIncident(deps: IncidentDeps, actor: StaffActor, incidentId: string, body: unknown): Promise<ResolvedIncident> {
  const forbidden = mayRunIncidents(actor);
  if (forbidden) return audited(deps.audit, actor, 'resolve_incident', undefined, forbidden);
  const parsed = ResolveIncidentSchema.safeParse(body);
  if (!parsed.success) return refused('invalid', 'The resolution is malformed.', fieldErrorsOf(parsed.error));
  // An id no incident can have is not looked up: it is missing (and one too long for a table key would fail the read).
  const read = IncidentIdSchema.safeParse(incidentId).success ? await deps.incidents.get(incidentId) : undefined;
  if (!read) return notFound('No such incident.');
  const at = deps.now().toISOString();
  let incident = read;
  if (read.status === 'active') {
    const next: Incident = { ...read, status: 'resolved', resolution: { at, by: actor.staffId, ...parsed.data } };
    try {
      await deps.incidents.save(read, next);
    } catch (e) {
      if (e instanceof ConcurrentChangeError) return refused('conflict', 'The incident changed at the same moment; reload it.');
      throw e;
    }
    incident = { ...next, version: read.version + 1 };
  }
  const { outcome, note } = incident.resolution!;
  const open = (await deps.incidents.links(incidentId)).filter((l) => !l.closed);
  await eachLimited(open, INCIDENT_FAN_OUT, async (link) => {
    const unlinked = await actForIncident(deps, link.caseId, { type: 'unlinkIncident', incidentId, note });
    let closed: NonNullable<IncidentLink['closed']>['outcome'] = unlinked ? 'requeued' : 'unchanged';
    if (unlinked && outcome === 'resolve') {
      const resolved = await actOnCase(deps, link.caseId, actor, { type: 'resolve', summary: note });
      if (resolved.ok) closed = 'resolved';
    }
    await deps.incidents.closeLink(incidentId, link.caseId, { at, outcome: closed });
  });
  return audited(deps.audit, actor, 'resolve_incident', undefined, { ok: true, incident, links: await deps.incidents.links(incidentId) });
}
