// The staff queue's filters, as the API's query parameters (GET /staff/queue filters, searches, counts and orders on
// the server; the console shows what it answers).

export const EMPTY_FILTERS = {
  mine: false,
  unassigned: false,
  status: '',
  category: '',
  department: '',
  priority: '',
  channel: '',
  breached: false,
  atRiskHours: '',
  q: '',
  sort: '',
};

/** The hours the at-risk view looks ahead when the person has not chosen. */
export const AT_RISK_DEFAULT_HOURS = 4;

/** The query string for GET /staff/queue: every set filter, the order, the page size and the cursor. */
export function queueQuery(filters, { limit = 50, cursor } = {}) {
  const p = new URLSearchParams();
  if (filters.status) p.set('status', filters.status);
  if (filters.mine) p.set('mine', 'true');
  if (filters.unassigned) p.set('unassigned', 'true');
  for (const k of ['category', 'department', 'priority', 'channel']) if (filters[k]) p.set(k, filters[k]);
  if (filters.breached) p.set('breached', 'true');
  if (Number(filters.atRiskHours) > 0) p.set('atRiskHours', String(Number(filters.atRiskHours)));
  if (filters.q?.trim()) p.set('q', filters.q.trim());
  if (filters.sort === 'due') p.set('sort', 'due');
  p.set('limit', String(limit));
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

const HOUR = 3_600_000;

/**
 * How a row's due time reads: breached when the API says a promise was broken (a breached clock stops, so its due
 * time leaves the queue's order) or the due time already passed; at risk when due within the next `hours`.
 */
export function dueState(entry, now, hours = AT_RISK_DEFAULT_HOURS) {
  if (entry?.breached === true) return 'breached';
  const due = Date.parse(entry?.due ?? '');
  if (Number.isNaN(due)) return 'none';
  if (due <= now) return 'breached';
  return due - now <= hours * HOUR ? 'at_risk' : 'ok';
}

/** "3 of 41 cases" for the count line. */
export function countLine(shown, total) {
  const noun = total === 1 ? 'case' : 'cases';
  return typeof total === 'number' ? `Showing ${shown} of ${total} ${noun}.` : `${shown} ${shown === 1 ? 'case' : 'cases'} shown.`;
}

/** The distinct values of a field over the rows seen so far, for the filter pickers. */
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
