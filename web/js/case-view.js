// Pure helpers for the case page and the form's success panel: where a case's link points, and the case
// response turned into what a customer reads and may do. Defensive about shapes, because the page must still
// show something useful when the API grows a field or sends an older shape.

/**
 * Reads the case id from the query and the credential from the fragment: the access token of the intake answer and
 * the acknowledgment (`/case.html?id=…#token=…`) or the signed access link of any later email (`#access=…`); the
 * API takes either as the bearer credential. It lives in the fragment so it never reaches a server log; this
 * function never copies it anywhere else.
 */
export function parseCaseLocation(search, hash) {
  const id = new URLSearchParams(search).get('id')?.trim() || null;
  const fragment = new URLSearchParams(String(hash).replace(/^#/, ''));
  const token = fragment.get('token')?.trim() || fragment.get('access')?.trim() || null;
  return { id, token };
}

/**
 * The case page link to show after a complaint is accepted: the server's `statusUrl` when it points at
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

const CLOCK_STATUSES = new Set(['running', 'paused', 'met', 'breached', 'stopped']);
const str = (v) => (typeof v === 'string' && v.trim() ? v : null);

/**
 * The live clocks of a case as `{ clock, label, status, when, explanation, clause, due }`, where `when` is the
 * one sentence a person reads ("Due Thursday 10 December 2026, 16:30 (Ho Chi Minh City time, GMT+7)"). The
 * server already writes the times for humans in the policy's zone (`dueText`, `atText`, `remainingText`): they are
 * shown as they are, never re-formatted, so the page shows one zone only. A view without `clocks` (an older API)
 * falls back to its intake `deadlines`, as running clocks whose time the page formats itself (`due` set,
 * `when` null).
 */
export function normalizeClocks(view) {
  if (Array.isArray(view?.clocks)) {
    return view.clocks
      .filter((c) => c && typeof c === 'object')
      .map((c) => {
        const status = CLOCK_STATUSES.has(c.status) ? c.status : 'running';
        return {
          clock: String(c.clock ?? ''),
          label: str(c.label) ?? clockLabels[c.clock] ?? humanize(c.clock),
          status,
          when: clockSentence(status, c),
          due: null,
          explanation: str(c.explanation),
          clause: str(c.clause),
        };
      });
  }
  return normalizeDeadlines(view?.deadlines).map((d) => ({
    clock: d.clock,
    label: d.label,
    status: 'running',
    when: null,
    due: d.due,
    explanation: d.text,
    clause: null,
  }));
}

function clockSentence(status, c) {
  const due = str(c.dueText) ?? str(c.due);
  const at = str(c.atText) ?? str(c.at);
  switch (status) {
    case 'running':
      return due ? `Due ${due}` : null;
    case 'paused':
      return str(c.remainingText) ?? 'Paused while we wait for you';
    case 'met':
      return at ? `Done ${at}` : 'Done';
    case 'breached':
      return due ? `Was due ${due}${at && at !== due ? `; missed at ${at}` : ''}` : at ? `Missed at ${at}` : 'Missed';
    case 'stopped':
      return at ? `No longer needed since ${at}` : 'No longer needed';
  }
  return null;
}

/** Labels for the texts an event may carry, in the order they are read. */
const EVENT_TEXTS = [
  ['message', null],
  ['questions', 'Our questions'],
  ['resolution', 'Resolution'],
  ['actionsTaken', 'What we did'],
  ['nextSteps', 'Next steps'],
  ['reason', 'Reason'],
  ['comment', 'Comment'],
  ['text', null],
  ['body', null],
];

/** The texts an event carries (a reply's message, the questions asked, a resolution and what was done…). */
function eventTexts(e) {
  const sources = [e, e?.details && typeof e.details === 'object' ? e.details : {}];
  const seen = new Set();
  const out = [];
  for (const [key, label] of EVENT_TEXTS) {
    for (const source of sources) {
      const value = str(source?.[key]);
      if (value && !seen.has(value) && value !== e?.summary) {
        seen.add(value);
        out.push({ label, text: value });
      }
    }
  }
  return out;
}

/**
 * Timeline events as `{ at, title, text, actor, messages, clause }`, oldest first. Each event names what happened
 * by `type` and carries a customer-facing `summary`; `messages` are the words people wrote (a staff reply, the
 * questions of an information request, a resolution and what was done) when the API includes them.
 */
export function normalizeTimeline(timeline) {
  const events = Array.isArray(timeline) ? timeline : [];
  return events
    .map((e, index) => {
      const at = e?.at ?? e?.time ?? e?.timestamp ?? e?.createdAt ?? null;
      const kind = e?.type ?? e?.kind ?? e?.event ?? e?.action ?? '';
      const summary = [e?.summary, e?.description].find((t) => typeof t === 'string' && t) ?? '';
      const messages = eventTexts(e);
      const title = kind ? humanize(kind) : summary || messages[0]?.text || 'Update';
      const clause = str(e?.clause);
      const actor = typeof e?.actor === 'string' ? e.actor : null;
      return { index, seq: Number(e?.seq) || 0, at, title, text: kind ? summary : '', actor, messages: kind || summary ? messages : messages.slice(1), clause };
    })
    .sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0) || a.seq - b.seq || a.index - b.index)
    .map(({ index, seq, ...rest }) => rest);
}

const FINAL = new Set(['closed', 'mediation_recommended']);
const REVIEW = new Set(['escalated_senior', 'dispute_review']);

/**
 * What the customer may do on the case now, as the page offers it. The API decides in the end (a refusal is shown
 * as it words it); this only avoids offering what cannot work:
 * - `answer`: the case waits for information from the customer (a `reply` that resumes the paused clocks);
 * - `reply`: a message on an open case;
 * - `accept` / `dispute`: a resolution is on the table;
 * - `escalate`: not resolved yet, at the front line (a `dispute` before the resolution asks for an escalation);
 * - `rate`: the case had a resolution and is not rated yet.
 */
export function customerActions(view) {
  const status = String(view?.status ?? '');
  const timeline = Array.isArray(view?.timeline) ? view.timeline : [];
  const hadResolution = status === 'resolved' || timeline.some((e) => e?.type === 'resolved' || e?.type === 'resolution_accepted');
  const actions = [];
  if (!FINAL.has(status)) {
    if (status === 'awaiting_customer') actions.push('answer');
    else actions.push('reply');
    if (status === 'resolved') actions.push('accept', 'dispute');
    else if (status !== 'received' && !REVIEW.has(status) && !(Number(view?.level) > 0)) actions.push('escalate');
  }
  if (hadResolution && view?.rated !== true) actions.push('rate');
  return actions;
}

/** The API body of each page action. */
export function actionBody(kind, fields) {
  switch (kind) {
    case 'answer':
    case 'reply':
      return { type: 'reply', message: String(fields.message ?? '').trim() };
    case 'accept':
      return { type: 'acceptResolution' };
    case 'dispute':
    case 'escalate':
      return { type: 'dispute', reason: String(fields.reason ?? '').trim() };
    case 'rate': {
      const comment = String(fields.comment ?? '').trim();
      return { type: 'rate', score: Number(fields.score), ...(comment ? { comment } : {}) };
    }
  }
  throw new Error(`unknown action ${kind}`);
}
