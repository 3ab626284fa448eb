import { IncidentIdSchema, PostIncidentUpdateSchema, type Incident } from '../../../domain/incident/incident';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { fieldErrorsOf } from '../../../domain/lifecycle/field-errors';
import { notFound, refused } from '../../outcomes';
import { ConcurrentChangeError } from '../../ports';
import { audited } from '../audit-trail';
import type { IncidentOutcome } from './declare-incident';
import { planFanOut } from './fan-out-plan';
import { mayRunIncidents, type IncidentDeps } from './incident-deps';

/**
 * Customers hear of an incident at most once per this window: an update within it of the last one posted is refused
 * (429 with Retry-After), so a busy outage room cannot flood every affected customer. Measured from the incident's own
 * record rather than a separate counter, so an update whose write failed leaves nothing behind to refuse its retry,
 * and the version guard settles two supervisors posting at once.
 */
export const INCIDENT_UPDATE_WINDOW_SECONDS = 10 * 60;

/**
 * A new update: stored on the incident (guarded by its version, so two supervisors cannot both be update 3) together
 * with, in the same atomic write, the customer of every case still linked queued to be told it (fan-out.ts: batches
 * the change stream hands to a consumer, one message per case through the outbox). A failed write stores neither, so
 * the supervisor sends the update again. `told` counts the customers queued. A case records the last update it told,
 * so a redelivered batch re-tells nobody.
 */
export async function postIncidentUpdate(deps: IncidentDeps, actor: StaffActor, incidentId: string, body: unknown): Promise<IncidentOutcome> {
  const forbidden = mayRunIncidents(actor);
  if (forbidden) return audited(deps.audit, actor, 'update_incident', undefined, forbidden);
  const parsed = PostIncidentUpdateSchema.safeParse(body);
  if (!parsed.success) return refused('invalid', 'The update is malformed.', fieldErrorsOf(parsed.error));
  // An id no incident can have is not looked up: it is missing (and one too long for a table key would fail the read).
  const read = IncidentIdSchema.safeParse(incidentId).success ? await deps.incidents.get(incidentId) : undefined;
  if (!read) return notFound('No such incident.');
  if (read.status !== 'active') return refused('gone', `Incident ${incidentId} was resolved at ${read.resolution?.at}; it takes no more updates.`);
  const wait = secondsToWait(read, deps.now());
  if (wait > 0) return { ...refused('rate_limited', 'Customers were told of this incident a moment ago; post the next update later.'), retryAfterSeconds: wait };
  const at = deps.now().toISOString();
  const next = { ...read, updates: [...read.updates, { seq: read.updates.length + 1, at, message: parsed.data.message, by: actor.staffId }] };
  const links = (await deps.incidents.links(incidentId)).filter((l) => !l.closed);
  try {
    await deps.incidents.save(read, next, planFanOut('update', incidentId, next.updates.length, links.map((l) => l.caseId), at));
  } catch (e) {
    if (e instanceof ConcurrentChangeError) return refused('conflict', 'Another update was posted at the same moment; reload the incident.');
    throw e;
  }
  const incident = { ...next, version: read.version + 1 };
  return audited(deps.audit, actor, 'update_incident', undefined, { ok: true, incident, linked: links.length, told: links.length });
}

/** Seconds until the window after the last posted update ends (the declaration's own first update does not count). */
function secondsToWait(incident: Incident, now: Date): number {
  const last = incident.updates.length > 1 ? incident.updates[incident.updates.length - 1] : undefined;
  if (!last) return 0;
  return Math.max(0, Math.ceil(INCIDENT_UPDATE_WINDOW_SECONDS - (now.getTime() - Date.parse(last.at)) / 1000));
}
