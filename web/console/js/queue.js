// The staff queue's filters. The API takes `status`, `limit` and `cursor` today; the other filters are designed as
// query parameters the API will take (`mine`, `unassigned`, `category`, `priority`, `breached`, `atRiskHours`, `q`).
// Until it does, the console asks for the page without them and filters the loaded page itself, and says so.

export const LEGACY_PARAMS = ['status', 'limit', 'cursor'];

export const EMPTY_FILTERS = { mine: false, unassigned: false, status: '', category: '', priority: '', breached: false, atRiskHours: '', q: '' };

/** The query string for the API: every set filter, or only what the API takes today (`legacy`). */
export function queueQuery(filters, { limit = 50, cursor, legacy = false } = {}) {
  const p = new URLSearchParams();
  if (filters.status) p.set('status', filters.status);
  if (!legacy) {
    if (filters.mine) p.set('mine', 'true');
    if (filters.unassigned) p.set('unassigned', 'true');
    if (filters.category) p.set('category', filters.category);
    if (filters.priority) p.set('priority', filters.priority);
    if (filters.breached) p.set('breached', 'true');
    if (Number(filters.atRiskHours) > 0) p.set('atRiskHours', String(Number(filters.atRiskHours)));
    if (filters.q?.trim()) p.set('q', filters.q.trim());
  }
  p.set('limit', String(limit));
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

/** Whether a 422 from the queue refuses parameters the API does not know yet (so the console falls back). */
export function refusesUnknownParams(problem) {
  const errors = Array.isArray(problem?.errors) ? problem.errors : [];
  return errors.length > 0 && errors.some((e) => !LEGACY_PARAMS.includes(String(e?.field ?? '')));
}

const HOUR = 3_600_000;

/**
 * Breached: the entry says a promise was broken (`breached`, or a non-empty `breaches` map: a breached clock stops,
 * so its due time leaves the queue's order), or its due time already passed. At risk: due within the next `hours`.
 */
export function dueState(entry, now, hours = 4) {
  if (entry?.breached === true || (entry?.breaches && typeof entry.breaches === 'object' && Object.keys(entry.breaches).length > 0)) return 'breached';
  const due = Date.parse(entry?.due ?? '');
  if (Number.isNaN(due)) return 'none';
  if (due <= now) return 'breached';
  return due - now <= hours * HOUR ? 'at_risk' : 'ok';
}

/** The loaded page filtered as the API will filter (a case matches every set filter), in the API's order. */
export function filterQueue(items, filters, { me, now }) {
  const q = filters.q?.trim().toLowerCase() ?? '';
  const hours = Number(filters.atRiskHours) > 0 ? Number(filters.atRiskHours) : 0;
  return (Array.isArray(items) ? items : []).filter((e) => {
    if (filters.mine && e.assignee !== me) return false;
    if (filters.unassigned && e.assignee) return false;
    if (filters.status && e.status !== filters.status) return false;
    if (filters.category && e.category !== filters.category) return false;
    if (filters.priority && e.priority !== filters.priority) return false;
    if (filters.breached && dueState(e, now) !== 'breached') return false;
    if (hours && !['breached', 'at_risk'].includes(dueState(e, now, hours))) return false;
    if (q && ![e.caseNumber, e.subject, e.customer?.email, e.email].some((v) => typeof v === 'string' && v.toLowerCase().includes(q))) return false;
    return true;
  });
}

/** The distinct values of a field over the loaded page, for the filter pickers. */
export function valuesOf(items, field) {
  return [...new Set((Array.isArray(items) ? items : []).map((e) => e?.[field]).filter((v) => typeof v === 'string' && v))].sort();
}

/**
 * How far the server's clock is ahead of this browser's, from a response's `Date` header (whole seconds). Due times
 * are judged on the server's time: a staff laptop's clock may be wrong, and the local stack runs on a virtual clock.
 */
export function serverOffset(dateHeader, localNow) {
  const server = Date.parse(dateHeader ?? '');
  return Number.isNaN(server) ? 0 : server - localNow;
}
