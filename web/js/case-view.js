// Pure helpers for the status page and the form's success panel: where a case's link points, and the
// case response turned into what a customer reads. Defensive about shapes, because the page must still
// show something useful when the API grows a field or sends an older shape.

/**
 * Reads the case id from the query and the access token from the fragment (`/case.html?id=…#token=…`).
 * The token lives in the fragment so it never reaches a server log; this function never copies it anywhere else.
 */
export function parseCaseLocation(search, hash) {
  const id = new URLSearchParams(search).get('id')?.trim() || null;
  const token = new URLSearchParams(String(hash).replace(/^#/, '')).get('token')?.trim() || null;
  return { id, token };
}

/**
 * The status page link to show after a complaint is accepted: the server's `statusUrl` when it points at
 * this site, else one built from the id and token (relative, so it works behind any host name).
 */
export function statusLinkFor(created, origin) {
  if (typeof created?.statusUrl === 'string' && created.statusUrl) {
    try {
      const url = new URL(created.statusUrl, origin);
      if (url.origin === origin) return url.pathname + url.search + url.hash;
    } catch {
      // fall through to the link we can build ourselves
    }
  }
  return `/case.html?id=${encodeURIComponent(created.id)}#token=${encodeURIComponent(created.accessToken)}`;
}

/** "first_response", "firstResponse", "FIRST-RESPONSE" -> "First response". */
export function humanize(word) {
  const spaced = String(word ?? '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const clockLabels = {
  acknowledgment: 'Acknowledgment',
  firstResponse: 'First response',
  resolution: 'Resolution',
};

/**
 * Deadlines as a list of `{ clock, label, due, text }`, sorted by due time. Accepts the map the API
 * returns (`{ acknowledgment: { due, explanation: { text } } }`), a list of such objects, or bare
 * timestamps (`{ resolution: "2026-…" }`).
 */
export function normalizeDeadlines(deadlines) {
  const entries = Array.isArray(deadlines)
    ? deadlines.map((d) => [d?.clock ?? d?.name ?? '', d])
    : Object.entries(deadlines && typeof deadlines === 'object' ? deadlines : {});
  return entries
    .map(([clock, value]) => {
      const due = typeof value === 'string' ? value : (value?.due ?? value?.at ?? null);
      const text = typeof value?.explanation === 'string' ? value.explanation : (value?.explanation?.text ?? null);
      return { clock, label: clockLabels[clock] ?? humanize(clock), due, text };
    })
    .filter((d) => d.due && !Number.isNaN(Date.parse(d.due)))
    .sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}

/**
 * Timeline events as `{ at, title, text, clause }`, oldest first. Each event names what happened by `type`
 * (or `kind`/`event`) and may carry a customer-facing `summary`/`message`/`description` and the
 * policy `clause` behind the step.
 */
export function normalizeTimeline(timeline) {
  const events = Array.isArray(timeline) ? timeline : [];
  return events
    .map((e) => {
      const at = e?.at ?? e?.time ?? e?.timestamp ?? e?.createdAt ?? null;
      const kind = e?.type ?? e?.kind ?? e?.event ?? e?.action ?? '';
      const text = [e?.summary, e?.message, e?.description, e?.text].find((t) => typeof t === 'string' && t) ?? '';
      const clause = typeof e?.clause === 'string' && e.clause ? e.clause : null;
      return { at, title: kind ? humanize(kind) : text || 'Update', text: kind ? text : '', clause };
    })
    .sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
}
