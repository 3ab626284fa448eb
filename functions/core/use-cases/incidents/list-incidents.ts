import { incidentBanner, type Incident, type IncidentBanner } from '../../../domain/incident/incident';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { refused, type Outcome } from '../../outcomes';
import type { IncidentLink, IncidentStore } from '../../ports';
import { audited, type AuditTrail } from '../audit-trail';
import { mayRunIncidents } from './incident-deps';

/** The console's list: every incident, newest first, with its linked cases and what became of them. */
export async function listIncidents(deps: { incidents: IncidentStore; audit?: AuditTrail }, actor: StaffActor, query: Record<string, string | undefined> = {}): Promise<Outcome<{ items: (Incident & { links: IncidentLink[] })[] }>> {
  const forbidden = mayRunIncidents(actor);
  if (forbidden) return audited(deps.audit, actor, 'list_incidents', undefined, forbidden);
  const status = query.status;
  if (status !== undefined && status !== 'active' && status !== 'resolved') return refused('invalid', 'Invalid query parameter.', [{ field: 'status', message: 'status is active or resolved' }]);
  const all = (await deps.incidents.list()).filter((i) => status === undefined || i.status === status);
  const items = await Promise.all(all.map(async (i) => ({ ...i, links: await deps.incidents.links(i.id) })));
  return audited(deps.audit, actor, 'list_incidents', undefined, { ok: true, items });
}

/** What the public pages show: the active incidents' banners, newest first. */
export async function activeIncidentBanners(deps: { incidents: IncidentStore }): Promise<IncidentBanner[]> {
  return (await deps.incidents.list()).filter((i) => i.status === 'active').map(incidentBanner);
}
