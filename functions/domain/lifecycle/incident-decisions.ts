import type { Action } from './actions';
import type { Draft } from './draft';
import { refuse, type Refusal } from './problems';

type IncidentAction = Extract<Action, { type: 'linkIncident' | 'incidentUpdate' | 'unlinkIncident' }>;

/** Seed 004 section 14: "Communication protocols; alternative contact methods; update customers on resolution timeline". */
const CLAUSE = '14. System outages: communicate, give alternative contact methods, update customers on the resolution timeline, prioritise';

/**
 * What an outage incident does to a linked case. Linking moves the case to the front of the staff queue (queue rank
 * 0, the policy's most urgent priority; the case's own rank is kept and given back at unlinking) and tells the
 * customer the incident's latest update; each later update is told once: the case records the last update number it
 * told, so a repeated or older update is refused and nothing is mailed twice. No clock moves: the promises to the
 * customer stand, the incident explains the delay, it does not excuse it.
 */
export function incidentDecision(d: Draft, action: IncidentAction): Refusal | undefined {
  const s = d.state;
  switch (action.type) {
    case 'linkIncident': {
      if (s.incident) return refuse(409, `The case is already linked to incident ${s.incident.id}.`);
      const rank = s.queue?.priorityRank;
      d.state.incident = { id: action.incident.id, linkedAt: d.at, told: action.incident.seq, ...(rank !== undefined ? { priorityRankBefore: rank } : {}) };
      if (s.queue) d.state.queue = { ...s.queue, priorityRank: 0 };
      d.event('incident_linked', `Your complaint is linked to a known outage: ${action.incident.title}.`, 'customer', { clause: CLAUSE, deadlines: [], message: action.incident.message });
      tell(d, action.incident);
      return;
    }
    case 'incidentUpdate': {
      if (s.incident?.id !== action.incident.id) return refuse(409, `The case is not linked to incident ${action.incident.id}.`);
      if (action.incident.seq <= s.incident.told) return refuse(409, `Update ${action.incident.seq} of incident ${action.incident.id} was already told on this case.`);
      d.state.incident = { ...s.incident, told: action.incident.seq };
      d.event('incident_update', `Update on the outage: ${action.incident.title}.`, 'customer', { clause: CLAUSE, deadlines: [], message: action.incident.message });
      tell(d, action.incident);
      return;
    }
    case 'unlinkIncident': {
      if (s.incident?.id !== action.incidentId) return refuse(409, `The case is not linked to incident ${action.incidentId}.`);
      if (s.queue && s.incident.priorityRankBefore !== undefined) d.state.queue = { ...s.queue, priorityRank: s.incident.priorityRankBefore };
      d.state.incident = undefined;
      d.event('incident_unlinked', `Outage ${action.incidentId} is over: ${action.note}`, 'internal', { clause: CLAUSE, deadlines: [] });
      return;
    }
  }
}

function tell(d: Draft, incident: { title: string; message: string; contacts: string }) {
  d.notify('customer', 'incident_update', { incidentTitle: incident.title, message: incident.message, ...(incident.contacts ? { alternativeContacts: incident.contacts } : {}) });
}
