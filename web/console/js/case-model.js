// The staff view of a case turned into what the console shows: clocks (with the server's human times when the API
// sends `clocks`, else read from the lifecycle's clock states) and the timeline with internal events marked.

import { humanize, normalizeClocks } from '../../js/case-view.js';

/** Clocks for staff: all of them, each with its status, its time and why it is what it is. */
export function staffClocks(view) {
  if (Array.isArray(view?.clocks)) return normalizeClocks(view);
  const states = view?.lifecycle?.clocks && typeof view.lifecycle.clocks === 'object' ? view.lifecycle.clocks : {};
  const breaches = view?.lifecycle?.breaches ?? {};
  return Object.entries(states)
    .map(([clock, c]) => {
      const status = c?.status === 'stopped' ? (c.met === true ? 'met' : c.met === false || breaches[clock] ? 'breached' : 'stopped') : c?.status === 'paused' ? 'paused' : 'running';
      return {
        clock,
        label: humanize(clock),
        status,
        when: null,
        due: status === 'running' || status === 'breached' ? (c?.due ?? null) : null,
        explanation: c?.amount ? `${c.amount} ${c.basis === 'business' ? 'business ' : ''}${c.unit} on the ${c.calendar ?? 'policy'} calendar${c.pauses?.length ? `, paused ${c.pauses.length} time(s)` : ''}.` : null,
        clause: c?.clause ?? null,
      };
    })
    .sort((a, b) => (Date.parse(a.due ?? '') || Infinity) - (Date.parse(b.due ?? '') || Infinity));
}

const str = (v) => (typeof v === 'string' && v.trim() ? v : null);

/** Timeline entries for staff, in order, internal ones marked, with who did it. */
export function staffTimeline(view) {
  const events = Array.isArray(view?.timeline) ? view.timeline : [];
  return [...events]
    .sort((a, b) => (Number(a?.seq) || 0) - (Number(b?.seq) || 0))
    .map((e) => ({
      at: e?.at ?? null,
      title: humanize(e?.type ?? 'update'),
      summary: str(e?.summary) ?? '',
      internal: e?.visibility === 'internal',
      who: e?.actor ? (typeof e.actor === 'string' ? e.actor : [e.actor.name ?? e.actor.staffId, e.actor.role].filter(Boolean).join(', ') || e.actor.kind) : null,
      texts: ['message', 'questions', 'resolution', 'actionsTaken', 'nextSteps', 'reason', 'comment', 'text'].map((k) => str(e?.[k])).filter((t) => t && t !== e?.summary),
      clause: str(e?.clause),
    }));
}

/** The policy's frame around a reply (the API adds it to every message), from GET /categories when it says. */
export function replyFrame(categories) {
  const m = categories?.policy?.messages ?? categories?.messages ?? {};
  return { greeting: str(m.greeting), closing: str(m.closing) };
}
