// The customer's status page: `/case.html?id=<id>#token=<accessToken>`. The token is read from the
// fragment and sent only in the Authorization header; it never goes into a URL query, a log or storage.

import { humanize, normalizeDeadlines, normalizeTimeline, parseCaseLocation } from './case-view.js';
import { apiUrl, el, readJson, timeElement } from './dom.js';

const statusLine = document.getElementById('status');
const caseView = document.getElementById('case');
const notFound = document.getElementById('not-found');
const title = document.getElementById('title');

function showNotFound() {
  caseView.hidden = true;
  notFound.hidden = false;
  title.textContent = 'Case not found';
  statusLine.textContent = '';
  document.title = 'Case not found — Redress';
}

function render(data) {
  // Accept `{ ...case, timeline }` or `{ case, timeline }`.
  const ticket = data.case ?? data.ticket ?? data;
  const timeline = data.timeline ?? ticket.timeline ?? data.events ?? [];
  const caseNumber = ticket.caseNumber ?? '';
  title.textContent = caseNumber ? `Case ${caseNumber}` : 'Your case';
  document.title = `${title.textContent} — Redress`;
  document.getElementById('case-number').textContent = caseNumber;
  document.getElementById('case-status').textContent = humanize(ticket.status ?? 'unknown');

  document.getElementById('case-subject').textContent = ticket.subject ?? '';
  document.getElementById('case-subject-row').hidden = !ticket.subject;
  const received = ticket.receivedAt ?? ticket.createdAt;
  document.getElementById('case-received').replaceChildren(received ? timeElement(received) : '');
  document.getElementById('case-received-row').hidden = !received;

  const deadlines = normalizeDeadlines(ticket.deadlines);
  document.getElementById('deadlines-section').hidden = deadlines.length === 0;
  document.getElementById('deadlines').replaceChildren(
    ...deadlines.map((d) =>
      el('li', {}, el('p', { class: 'deadline-head' }, el('strong', {}, d.label), ': by ', timeElement(d.due)), d.text ? el('p', { class: 'explanation' }, d.text) : null),
    ),
  );

  const events = normalizeTimeline(timeline);
  document.getElementById('timeline').replaceChildren(
    ...(events.length === 0
      ? [el('li', {}, 'Nothing has happened on this case yet.')]
      : events.map((e) => el('li', {}, el('p', { class: 'event-head' }, el('strong', {}, e.title), e.at ? [' — ', timeElement(e.at)] : null), e.text ? el('p', {}, e.text) : null, e.clause ? el('p', { class: 'explanation' }, `Policy: “${e.clause}”`) : null))),
  );
  notFound.hidden = true;
  caseView.hidden = false;
}

async function load() {
  const { id, token } = parseCaseLocation(location.search, location.hash);
  if (!id || !token) {
    showNotFound();
    return;
  }
  statusLine.textContent = 'Loading your case…';
  try {
    const response = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}`), {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      cache: 'no-store',
    });
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      showNotFound();
      return;
    }
    const data = response.ok ? await readJson(response) : null;
    if (!data) throw new Error(`case: HTTP ${response.status}`);
    render(data);
    const checked = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(new Date());
    statusLine.textContent = `Up to date as of ${checked}.`;
  } catch {
    statusLine.textContent = 'We could not load your case just now. Please try again in a moment.';
  }
}

document.getElementById('refresh').addEventListener('click', load);
window.addEventListener('hashchange', load);
load();
