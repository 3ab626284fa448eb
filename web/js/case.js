// The customer's case page: `/case.html?id=<id>#token=<accessToken>` (intake, acknowledgment) or
// `#access=<signed link>` (every later email). The credential is read from the fragment and sent only in the
// Authorization header; it never goes into a URL query, a log or storage.

import { actionBody, customerActions, humanize, normalizeClocks, normalizeTimeline, parseCaseLocation } from './case-view.js';
import { loadFiles, wireUploads } from './case-files.js';
import { apiUrl, el, readJson, timeElement } from './dom.js';
import { problemMessage } from './problem.js';
import { isStepUpRequired, stepUpPanel } from './step-up.js';
import { renderPayout, wirePrivacy } from './privacy.js';

const statusLine = document.getElementById('status');
const caseView = document.getElementById('case');
const noAccess = document.getElementById('no-access');
const title = document.getElementById('title');
const result = document.getElementById('action-result');
const forms = [...document.querySelectorAll('form.action-form')];
const stepUp = stepUpPanel(() => parseCaseLocation(location.search, location.hash));

const CONFIRMATIONS = {
  answer: 'Thank you: your answer was sent and our deadlines run again.',
  reply: 'Thank you: your message was sent.',
  accept: 'Thank you: you accepted the resolution and your case is closed.',
  dispute: 'Your dispute was recorded: a higher level will review your case.',
  escalate: 'Your request was recorded: a higher level will review your case.',
  rate: 'Thank you for your rating.',
};

/** Why the page cannot show a case, said without blaming the reader. */
function showNoAccess(reason) {
  caseView.hidden = true;
  noAccess.hidden = false;
  title.textContent = 'We could not open this case';
  document.getElementById('no-access-reason').textContent = reason;
  statusLine.textContent = '';
  document.title = 'We could not open this case — Redress';
}

function clockItem(c) {
  return el(
    'li',
    { class: `clock clock-${c.status}`, 'data-clock': c.clock },
    el('p', { class: 'deadline-head' }, el('strong', {}, c.label), ' ', el('span', { class: 'badge small' }, humanize(c.status))),
    c.when ? el('p', { class: 'when' }, c.when) : c.due ? el('p', { class: 'when' }, 'Due ', timeElement(c.due)) : null,
    c.explanation ? el('p', { class: 'explanation' }, c.explanation) : null,
  );
}

function eventItem(e) {
  return el(
    'li',
    {},
    el('p', { class: 'event-head' }, el('strong', {}, e.title), e.actor && !SELF.has(e.actor) ? ` by ${e.actor}` : null, e.at ? [' — ', timeElement(e.at)] : null),
    e.text ? el('p', {}, e.text) : null,
    ...e.messages.map((m) => el('blockquote', { class: 'message' }, m.label ? el('p', { class: 'message-label' }, m.label) : null, el('p', {}, m.text))),
    e.clause ? el('p', { class: 'explanation' }, `Policy: “${e.clause}”`) : null,
  );
}

let current = null;

// Actors not worth naming on the customer's own timeline: the customer and the service itself.
const SELF = new Set(['You', 'Redress']);

/**
 * The policy's branding on the page, as the emails wear it: the company's name in the header, its colours on
 * buttons and links, its support address to write to. Colours are applied only in the #rrggbb form the policy
 * schema allows.
 */
function applyBranding(branding) {
  const colour = (c) => (typeof c === 'string' && /^#[0-9a-fA-F]{6}$/.test(c) ? c : null);
  const root = document.documentElement.style;
  if (colour(branding?.primaryColor)) root.setProperty('--accent', branding.primaryColor);
  if (colour(branding?.onPrimaryColor)) root.setProperty('--accent-ink', branding.onPrimaryColor);
  const name = typeof branding?.companyName === 'string' && branding.companyName ? branding.companyName : null;
  if (name) document.querySelector('.site-header .brand a').textContent = name;
  const support = document.getElementById('support');
  const address = typeof branding?.supportAddress === 'string' && branding.supportAddress ? branding.supportAddress : null;
  support.hidden = !address;
  if (address) support.replaceChildren('Questions? Write to ', el('a', { href: `mailto:${address}` }, address), '.');
  return name ?? 'Redress';
}

function render(data) {
  // Accept `{ ...case, timeline }` or `{ case, timeline }`.
  const theCase = data.case ?? data;
  const view = { ...theCase, timeline: data.timeline ?? theCase.timeline ?? [] };
  current = view;
  const caseNumber = view.caseNumber ?? '';
  const brand = applyBranding(view.branding);
  title.textContent = caseNumber ? `Case ${caseNumber}` : 'Your case';
  document.title = `${title.textContent} — ${brand}`;
  document.getElementById('case-number').textContent = caseNumber;
  document.getElementById('case-status').textContent = humanize(view.status ?? 'unknown');
  document.getElementById('case-subject').textContent = view.subject ?? '';
  document.getElementById('case-subject-row').hidden = !view.subject;

  const clocks = normalizeClocks(view);
  document.getElementById('clocks-section').hidden = clocks.length === 0;
  document.getElementById('clocks').replaceChildren(...clocks.map(clockItem));

  const events = normalizeTimeline(view.timeline);
  document.getElementById('timeline').replaceChildren(
    ...(events.length === 0 ? [el('li', {}, 'Nothing has happened on this case yet.')] : events.map(eventItem)),
  );

  const allowed = new Set(customerActions(view));
  for (const form of forms) form.hidden = !allowed.has(form.dataset.action);
  document.getElementById('no-actions').hidden = allowed.size > 0;
  renderPayout(view);

  noAccess.hidden = true;
  caseView.hidden = false;
}

function showResult(kind, message) {
  result.className = `action-result ${kind}`;
  result.textContent = message;
  result.hidden = false;
  result.focus();
}

/** Reads of the case under way (a refresh, a reload after a correction): the view is busy until the last one is drawn. */
let loading = 0;

async function load() {
  const { id, token } = parseCaseLocation(location.search, location.hash);
  if (!id || !token) {
    showNoAccess(
      !id
        ? 'This link does not say which case to open.'
        : 'This link does not carry the private key that opens your case (the part after “#”); some email programs cut long links short.',
    );
    return;
  }
  statusLine.textContent = 'Loading your case…';
  // Busy until the case and its files are drawn: what the page shows meanwhile (forms offered, status, timeline) is the
  // last read's, and a screen reader (or a test, after "Refresh") waits for the new one instead of reading the old.
  loading += 1;
  caseView.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}`), {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      cache: 'no-store',
    });
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      showNoAccess('This link does not open a case we know: it may be from an older email whose link has expired, or the case may have been replaced.');
      return;
    }
    const data = response.ok ? await readJson(response) : null;
    if (!data) throw new Error(`case: HTTP ${response.status}`);
    render(data);
    await loadFiles(id, token).catch(() => undefined);
    const checked = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date());
    statusLine.textContent = `Up to date as of ${checked}.`;
  } catch {
    statusLine.textContent = 'We could not load your case just now. Please try again in a moment.';
  } finally {
    loading -= 1;
    if (loading === 0) caseView.removeAttribute('aria-busy'); // a read started meanwhile keeps it busy
  }
}

let sending = false;

async function submitAction(form) {
  if (sending || !current) return;
  const { id, token } = parseCaseLocation(location.search, location.hash);
  const kind = form.dataset.action;
  const body = actionBody(kind, Object.fromEntries(new FormData(form)));
  sending = true;
  const button = form.querySelector('button[type="submit"]');
  button?.setAttribute('aria-disabled', 'true');
  try {
    const response = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}/actions`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
    const data = await readJson(response);
    if (response.ok && data) {
      form.reset();
      render(data);
      showResult('ok', CONFIRMATIONS[kind]);
    } else if (isStepUpRequired(response.status, data)) {
      // The action waits (its text stays in the form) until the customer confirms the code, then goes again.
      showResult('refused', problemMessage(response.status, data).message);
      stepUp.open(() => submitAction(form));
    } else {
      showResult('refused', problemMessage(response.status, data).message);
    }
  } catch {
    showResult('refused', 'We could not reach our service. Check your connection and try again.');
  } finally {
    sending = false;
    button?.removeAttribute('aria-disabled');
  }
}

for (const form of forms) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitAction(form);
  });
}
document.getElementById('refresh').addEventListener('click', () => {
  result.hidden = true;
  load();
});
wireUploads(() => parseCaseLocation(location.search, location.hash));
wirePrivacy(() => parseCaseLocation(location.search, location.hash), stepUp, load);
window.addEventListener('hashchange', load);
load();
