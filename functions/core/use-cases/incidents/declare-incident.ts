import { DeclareIncidentSchema, incidentIdFor, type Incident } from '../../../domain/incident/incident';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { fieldErrorsOf } from '../../../domain/lifecycle/field-errors';
import { refused, type Outcome } from '../../outcomes';
import { audited } from '../audit-trail';
import { mayRunIncidents, type IncidentDeps } from './incident-deps';
import { planFanOut } from './fan-out-plan';
import { openCasesExplainedBy } from './link-cases';

export type IncidentOutcome = Outcome<{ incident: Incident; linked: number; told: number }>;

/**
 * A supervisor declares an outage: the incident is stored with its first update and, in the same atomic write, every
 * open case it explains queued to be linked (moved to the front of the queue) and its customer told that first
 * update, once, through the outbox, by the fan-out consumer (fan-out.ts). A failed write stores neither, so the
 * declaration can simply be sent again. `linked` and `told` count the cases queued.
 */
export async function declareIncident(deps: IncidentDeps, actor: StaffActor, body: unknown): Promise<IncidentOutcome> {
  const forbidden = mayRunIncidents(actor);
  if (forbidden) return audited(deps.audit, actor, 'declare_incident', undefined, forbidden);
  const parsed = DeclareIncidentSchema.safeParse(body);
  if (!parsed.success) return refused('invalid', 'The incident is malformed.', fieldErrorsOf(parsed.error));
  const known = deps.policies.current().categories.map((k) => k.slug);
  const unknown = parsed.data.scope.categories.flatMap((c, i) => (known.includes(c) ? [] : [{ field: `scope.categories.${i}`, message: `unknown category "${c}"; known: ${known.join(', ')}` }]));
  if (unknown.length > 0) return refused('invalid', 'The incident names unknown categories.', unknown);
  const now = deps.now();
  const at = now.toISOString();
  const { message, ...rest } = parsed.data;
  const incident: Incident = { id: incidentIdFor(rest.title, now), ...rest, status: 'active', declaredAt: at, declaredBy: actor.staffId, updates: [{ seq: 1, at, message, by: actor.staffId }], version: 0 };
  const caseIds = await openCasesExplainedBy(deps, incident);
  const fanOut = planFanOut('link', incident.id, incident.updates.length, caseIds, at);
  if ((await deps.incidents.create(incident, fanOut)) === 'exists') return refused('conflict', `Incident ${incident.id} was just declared; reload the incidents.`);
  return audited(deps.audit, actor, 'declare_incident', undefined, { ok: true, incident, linked: caseIds.length, told: caseIds.length });
}
