import type { StaffActor } from '../../../domain/lifecycle/model';
import type { IncidentNotice } from '../../../domain/lifecycle/actions';
import { contactsLine, latestUpdate, type Incident } from '../../../domain/incident/incident';
import { refused, type Refused } from '../../outcomes';
import type { IncidentStore } from '../../ports';
import type { ActOnCaseDeps } from '../act-on-case';
import type { AuditTrail } from '../audit-trail';
import { sendOutbox, type SendOutboxDeps } from '../send-outbox';
import { decideAndCommit } from '../../commit-loop';
import { decide } from '../../../domain/lifecycle/decide';
import { lifecycleOf } from '../../../domain/case';
import type { Action } from '../../../domain/lifecycle/actions';

/**
 * A system action of an incident on one case (link, update, unlink), through the one commit loop; its message goes
 * out through the outbox's sender at once (else the change stream or the sweep sends it). No workflow wait is
 * completed: these actions change neither the step nor a clock. True when the case took it.
 */
export async function actForIncident(deps: SendOutboxDeps, caseId: string, action: Extract<Action, { type: 'linkIncident' | 'incidentUpdate' | 'unlinkIncident' }>): Promise<boolean> {
  const result = await decideAndCommit(deps.store, caseId, (theCase) => ({ decision: decide(lifecycleOf(theCase), action, { role: 'system' }, deps.now(), deps.policies.of(theCase.policy)) }));
  if (result.outcome !== 'committed') return false;
  await sendOutbox(deps, result.outbox);
  return true;
}

/** How many linked cases an incident acts on at once (each is a commit, a mail and, when resolving, a workflow callback). */
export const INCIDENT_FAN_OUT = 8;

/** What linking a case and telling it an update need: the incidents, the case store's commit loop, the outbox's sender. */
export interface LinkDeps extends SendOutboxDeps {
  incidents: IncidentStore;
}

/** What the staff's incident use cases need besides: the staff action path (resolving cases), the audit trail. */
export interface IncidentDeps extends LinkDeps, ActOnCaseDeps {
  audit?: AuditTrail;
}

/** Seed 004 puts the outage procedure with supervisors ("Supervisor Support", section 10); admins run the system. */
export function mayRunIncidents(actor: StaffActor): Refused | undefined {
  return actor.role === 'supervisor' || actor.role === 'admin' ? undefined : refused('forbidden', 'Only supervisors declare, update and resolve outage incidents.');
}

/** What a linked case is told of the incident's latest update. */
export function noticeOf(incident: Incident): IncidentNotice {
  const last = latestUpdate(incident);
  return { id: incident.id, title: incident.title, seq: last.seq, message: last.message, contacts: contactsLine(incident.alternativeContacts) };
}
