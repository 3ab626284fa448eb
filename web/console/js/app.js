// The staff console: sign-in, the queue, a case and the actions the signed-in role may take. Plain ES modules, no
// build step. The API decides everything; the console shows its answers and words its refusals.

import { el, readJson, timeElement } from '../../js/dom.js';
import { humanize } from '../../js/case-view.js';
import { filesPanel } from '../../js/case-files.js';
import { problemMessage } from '../../js/problem.js';
import { ROLE_LABELS, staffOf } from './claims.js';
import { authorizeUrl, challengeOf, logoutUrl, newVerifier, tokenRequest } from './pkce.js';
import { offeredActions, staffActionBody } from './permissions.js';
import { AT_RISK_DEFAULT_HOURS, countLine, dueState, EMPTY_FILTERS, queueQuery, serverOffset, valuesOf } from './queue.js';
import { replyFrame, staffClocks, staffTimeline } from './case-model.js';
import { actionWords, actorOf, AUDIT_READERS, auditHash, auditPath, auditSubjectOf } from './audit.js';

const $ = (id) => document.getElementById(id);
const statusLine = $('status');
const api = (path) => new URL(path, location.origin).toString();
const SESSION = 'redress.console.session';
/** Who the finance page serves (the API refuses its queue to everyone else). */
const FINANCE_READERS = new Set(['finance', 'supervisor']);
const PKCE = 'redress.console.pkce';

/** Sign-in mode: Cognito managed login when the site carries a console config (on AWS), the local identity otherwise. */
let config = null;
let localIdentity = false;
let session = null; // { token, staff }
let categories = null;
/** The server's time, as its last answer told it (see serverOffset). */
let offset = 0;
const now = () => Date.now() + offset;

async function detectSignIn() {
  const configured = await fetch('config.json', { cache: 'no-store' }).then((r) => (r.ok ? readJson(r) : null)).catch(() => null);
  if (configured?.authDomain && configured?.clientId) config = configured;
  if (!config) localIdentity = await fetch(api('/_local/jwks.json'), { cache: 'no-store' }).then((r) => r.ok).catch(() => false);
}

function saveSession(token) {
  const staff = staffOf(token);
  if (!staff) return false;
  session = { token, staff };
  sessionStorage.setItem(SESSION, token);
  return true;
}

function restoreSession() {
  const token = sessionStorage.getItem(SESSION);
  const staff = token ? staffOf(token) : null;
  if (staff && (!staff.expiresAt || staff.expiresAt > Date.now())) session = { token, staff };
  else sessionStorage.removeItem(SESSION);
}

/** Back from the managed login with `?code=…&state=…`: trade the code for tokens with the stored verifier. */
async function completeManagedLogin() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code || !config) return;
  const stored = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null');
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', location.pathname + location.hash); // the code is single-use: keep it out of history
  if (!stored || stored.state !== params.get('state')) {
    statusLine.textContent = 'The sign-in could not be completed (it was started in another tab or expired). Please sign in again.';
    return;
  }
  const { url, init } = tokenRequest(config, { code, verifier: stored.verifier });
  const answer = await fetch(url, init).then(async (r) => (r.ok ? r.json() : null)).catch(() => null);
  // The access token carries cognito:groups and the client id the API's authorizer expects.
  if (!answer?.access_token || !saveSession(answer.access_token)) statusLine.textContent = 'The sign-in did not give a staff role. Ask a supervisor to add you to a group.';
}

async function startManagedLogin() {
  const verifier = newVerifier();
  const state = newVerifier();
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(config, { challenge: await challengeOf(verifier), state }));
}

async function localLogin(form) {
  const data = Object.fromEntries(new FormData(form));
  const body = { sub: String(data.sub).trim(), groups: [data.role], ...(String(data.name ?? '').trim() ? { name: String(data.name).trim() } : {}) };
  const response = await fetch(api('/_local/dev-token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await readJson(response);
  if (!response.ok || !answer?.token || !saveSession(answer.token)) {
    statusLine.textContent = problemMessage(response.status, answer).message;
    return;
  }
  location.hash = '#/queue';
  route();
}

function signOut() {
  sessionStorage.removeItem(SESSION);
  session = null;
  if (config) location.assign(logoutUrl(config));
  else {
    location.hash = '';
    route();
  }
}

/** Calls the API as the signed-in member of staff: `{ ok, status, data, message }`; a 401 ends the session. */
async function call(path, init = {}) {
  try {
    const response = await fetch(api(path), {
      ...init,
      headers: { authorization: `Bearer ${session.token}`, accept: 'application/json, application/problem+json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      cache: 'no-store',
    });
    const data = await readJson(response);
    if (!localIdentity && response.headers.get('date')) offset = serverOffset(response.headers.get('date'), Date.now());
    if (response.status === 401) {
      sessionStorage.removeItem(SESSION);
      session = null;
      setTimeout(route);
    }
    return { ok: response.ok, status: response.status, data, message: response.ok ? '' : problemMessage(response.status, data).message };
  } catch {
    return { ok: false, status: 0, data: null, message: 'The service could not be reached. Check the connection and try again.' };
  }
}

function show(section, nav) {
  for (const id of ['sign-in', 'queue-view', 'attention-view', 'audit-view', 'case-view']) $(id).hidden = id !== section;
  $('who').hidden = !session;
  $('views').hidden = !session;
  if (session) {
    $('who-name').textContent = session.staff.name;
    $('who-role').textContent = ROLE_LABELS[session.staff.role] ?? session.staff.role;
    // The API refuses the list to everyone else (403); the link is only for those it serves.
    $('nav-attention').hidden = session.staff.role !== 'supervisor';
    $('nav-audit').hidden = !AUDIT_READERS.has(session.staff.role);
    $('nav-finance').hidden = !FINANCE_READERS.has(session.staff.role);
  }
  for (const id of ['nav-queue', 'nav-at-risk', 'nav-attention', 'nav-audit']) {
    if (id === nav) $(id).setAttribute('aria-current', 'page');
    else $(id).removeAttribute('aria-current');
  }
}

// ------------------------------------------------------------------------------------------------------ queue

const queue = { items: [], next: null, total: null, view: 'queue' };
/** The list a case was opened from: Esc and "Back" return to it. */
let lastList = '#/queue';

function readFilters() {
  const f = $('filters');
  return {
    ...EMPTY_FILTERS,
    q: f.q.value,
    status: f.status.value,
    category: f.category.value,
    department: f.department.value,
    priority: f.priority.value,
    channel: f.channel.value,
    sort: f.sort.value,
    atRiskHours: f.atRiskHours.value,
    mine: f.mine.checked,
    unassigned: f.unassigned.checked,
    breached: f.breached.checked,
  };
}

/**
 * LOCAL ONLY: `npm start` runs on a virtual clock that a person or a test moves forward, and its Date headers show
 * the real time; its clock endpoint tells the virtual one.
 */
async function syncLocalClock() {
  if (!localIdentity) return;
  const clock = await fetch(api('/_local/clock'), { cache: 'no-store' }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (typeof clock?.now === 'string') offset = serverOffset(clock.now, Date.now());
}

/** Each answer replaces the one before; an answer to an older request (typing outran the network) is dropped. */
let queueRequest = 0;

async function loadQueue({ more = false } = {}) {
  if (more && !queue.next) return;
  const asked = ++queueRequest;
  await syncLocalClock();
  statusLine.textContent = 'Loading the queue…';
  const answer = await call(more ? queue.next : `/staff/queue?${queueQuery(readFilters())}`);
  if (asked !== queueRequest) return;
  if (!answer.ok) {
    statusLine.textContent = answer.message;
    return;
  }
  const items = Array.isArray(answer.data?.items) ? answer.data.items : [];
  queue.items = more ? [...queue.items, ...items] : items;
  queue.next = answer.data?.has_more && typeof answer.data?.next === 'string' ? answer.data.next : null;
  queue.total = typeof answer.data?.total === 'number' ? answer.data.total : null;
  $('queue-more').hidden = !queue.next;
  statusLine.textContent = '';
  fillPicker($('f-department'), valuesOf(queue.items, 'department'));
  fillPicker($('f-priority'), valuesOf(queue.items, 'priority'));
  renderQueue();
}

function fillPicker(select, values, label = humanize) {
  const chosen = select.value;
  const known = new Set([...select.options].map((o) => o.value));
  for (const v of values) if (!known.has(v)) select.append(el('option', { value: v }, label(v)));
  select.value = chosen;
}

function renderQueue() {
  const at = now();
  const shown = queue.items;
  $('queue-count').textContent = countLine(shown.length, queue.total);
  const hours = Number(readFilters().atRiskHours) || AT_RISK_DEFAULT_HOURS;
  $('queue-caption').textContent =
    readFilters().sort === 'due' ? 'Cases that broke a promise first, then by the soonest due time. Arrow keys move, Enter opens.' : 'Cases in the order the policy works them. Arrow keys move, Enter opens.';
  $('queue-rows').replaceChildren(
    ...(shown.length === 0
      ? [el('tr', {}, el('td', { colspan: 7 }, 'No case matches.'))]
      : shown.map((e, i) => {
          const state = dueState(e, at, hours);
          return el(
            'tr',
            { tabindex: i === 0 ? 0 : -1, 'data-id': e.id, 'data-case-number': e.caseNumber, 'aria-label': `Case ${e.caseNumber}: ${e.subject}` },
            el('td', {}, el('a', { href: `#/case/${encodeURIComponent(e.id)}`, tabindex: -1 }, e.caseNumber)),
            el('td', {}, e.subject),
            el('td', {}, humanize(e.status), e.level > 0 ? ` (level ${e.level})` : null),
            el('td', {}, humanize(e.category)),
            el('td', {}, humanize(e.priority), e.critical ? ' — critical' : null),
            el('td', {}, e.assignee ? (e.assignee === session.staff.staffId ? 'You' : e.assignee) : 'Unassigned'),
            el('td', { class: `due-${state}` }, ...dueCell(e, state, at)),
          );
        })),
  );
}

/** A breached case's due time is its next running deadline, not the one it broke: say so. */
function dueCell(entry, state, at) {
  if (!entry.due) return ['—'];
  if (state === 'breached' && Date.parse(entry.due) > at) return ['next due ', timeElement(entry.due)];
  return [timeElement(entry.due)];
}

/** The queue, or the at-risk view of it: what broke a promise or falls due within N hours, breached first. */
async function openQueue(view) {
  const f = $('filters');
  if (view === 'at-risk') {
    if (!(Number(f.atRiskHours.value) > 0)) f.atRiskHours.value = String(AT_RISK_DEFAULT_HOURS);
    f.sort.value = 'due';
  } else if (queue.view === 'at-risk') {
    f.atRiskHours.value = '';
    f.sort.value = '';
  }
  queue.view = view;
  lastList = view === 'at-risk' ? '#/at-risk' : '#/queue';
  $('back-to-queue').setAttribute('href', lastList);
  show('queue-view', view === 'at-risk' ? 'nav-at-risk' : 'nav-queue');
  $('queue-title').textContent = view === 'at-risk' ? 'At risk' : 'Queue';
  document.title = `${view === 'at-risk' ? 'At risk' : 'Queue'} — Redress staff console`;
  await loadQueue();
}

// ------------------------------------------------------------------------------------------------- attention

const attention = { items: [], next: null, total: null };

async function loadAttention({ more = false } = {}) {
  if (more && !attention.next) return;
  statusLine.textContent = 'Loading the cases that need attention…';
  const answer = await call(more ? attention.next : '/staff/attention?limit=50');
  if (!answer.ok) {
    statusLine.textContent = answer.message;
    return;
  }
  const items = Array.isArray(answer.data?.items) ? answer.data.items : [];
  attention.items = more ? [...attention.items, ...items] : items;
  attention.next = answer.data?.has_more && typeof answer.data?.next === 'string' ? answer.data.next : null;
  attention.total = typeof answer.data?.total === 'number' ? answer.data.total : null;
  $('attention-more').hidden = !attention.next;
  statusLine.textContent = '';
  $('attention-count').textContent = countLine(attention.items.length, attention.total);
  // A reason typed while the list was read again survives the redraw (the rows are rebuilt, not patched).
  const typed = new Map([...$('attention-rows').querySelectorAll('form[data-lift]')].map((f) => [f.dataset.lift, f.elements.reason.value]));
  $('attention-rows').replaceChildren(
    ...(attention.items.length === 0
      ? [el('tr', {}, el('td', { colspan: 6 }, 'Nothing needs attention.'))]
      : attention.items.map((e, i) =>
          el(
            'tr',
            { tabindex: i === 0 ? 0 : -1, 'data-id': e.id, 'data-case-number': e.caseNumber, 'aria-label': `Case ${e.caseNumber}: ${e.subject}` },
            el('td', {}, el('a', { href: `#/case/${encodeURIComponent(e.id)}`, tabindex: -1 }, e.caseNumber)),
            el('td', {}, e.subject),
            el('td', {}, humanize(e.status), e.level > 0 ? ` (level ${e.level})` : null),
            el('td', {}, timeElement(e.needsAttention?.at ?? '')),
            el('td', { class: 'why' }, e.needsAttention?.error ?? ''),
            el('td', {}, liftForm(e, typed.get(e.id))),
          ),
        )),
  );
}

/**
 * A supervisor takes a case off this list by hand, saying why (noted on the case, audited). The API decides; a flag
 * that changed meanwhile is refused with its reason and the list is read again.
 */
function liftForm(entry, typed = '') {
  const input = el('input', { value: typed, name: 'reason', required: true, minlength: 5, maxlength: 1000, 'aria-label': `Why the flag on case ${entry.caseNumber} can be lifted`, placeholder: 'Why (noted on the case)' });
  const button = el('button', { type: 'submit', class: 'secondary' }, 'Lift flag');
  const form = el('form', { class: 'lift-flag', 'data-lift': entry.id }, input, button);
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // One lift per press: a second press while the first is answered would be refused (the flag is gone by then) and
    // its refusal would replace the first one's answer on the page.
    if (sending) return;
    sending = true;
    button.setAttribute('aria-disabled', 'true');
    const answer = await call(`/staff/complaints/${encodeURIComponent(entry.id)}/attention/lift`, { method: 'POST', body: JSON.stringify({ reason: input.value }) });
    sending = false;
    button.removeAttribute('aria-disabled');
    const result = $('attention-result');
    result.className = `action-result ${answer.ok ? 'ok' : 'refused'}`;
    result.textContent = answer.ok ? `The flag on case ${entry.caseNumber} was lifted; the reason is on the case.` : answer.message;
    result.hidden = false;
    await loadAttention();
  });
  return form;
}

async function openAttention() {
  lastList = '#/attention';
  $('back-to-queue').setAttribute('href', lastList);
  show('attention-view', 'nav-attention');
  document.title = 'Needs attention — Redress staff console';
  await loadAttention();
}

/** Arrow keys (and j/k) move between rows; Enter opens; Home/End jump. One row is in the tab order at a time. */
function onQueueKey(event) {
  if (event.target.closest?.('form')) return; // typing in a row's form is not moving through the list
  const row = event.target.closest?.('tr[data-id]');
  if (!row) return;
  const rows = [...event.currentTarget.querySelectorAll('tr[data-id]')];
  const at = rows.indexOf(row);
  const go = (i) => {
    const next = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!next) return;
    row.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
    event.preventDefault();
  };
  if (event.key === 'ArrowDown' || event.key === 'j') go(at + 1);
  else if (event.key === 'ArrowUp' || event.key === 'k') go(at - 1);
  else if (event.key === 'Home') go(0);
  else if (event.key === 'End') go(rows.length - 1);
  else if (event.key === 'Enter') {
    event.preventDefault();
    location.hash = `#/case/${encodeURIComponent(row.dataset.id)}`;
  }
}

// ------------------------------------------------------------------------------------------------------- case

let currentCase = null;

const FORMS = {
  claim: { title: 'Claim this case', fields: [], submit: 'Claim', open: true },
  assign: { title: 'Assign', fields: [['to', 'Staff id to assign to', 'input']], submit: 'Assign' },
  reply: { title: 'Reply to the customer', fields: [['message', 'Message', 'textarea', 8]], submit: 'Send reply' },
  requestInfo: { title: 'Request information', fields: [['questions', 'Questions for the customer', 'textarea', 5]], submit: 'Request information' },
  resolve: {
    title: 'Resolve',
    fields: [
      ['summary', 'Resolution (sent to the customer)', 'textarea', 4],
      ['actionsTaken', 'What was done (optional)', 'textarea', 3],
      ['nextSteps', 'Next steps (optional)', 'textarea', 2],
    ],
    submit: 'Resolve',
  },
  escalate: { title: 'Escalate', fields: [['reason', 'Reason', 'textarea', 3]], submit: 'Escalate' },
  recommendMediation: { title: 'Recommend external mediation', fields: [['reason', 'Reason', 'textarea', 3]], submit: 'Recommend mediation' },
  close: { title: 'Close', fields: [['reason', 'Reason', 'textarea', 2]], submit: 'Close the case' },
  note: { title: 'Internal note', fields: [['text', 'Note (staff only)', 'textarea', 3]], submit: 'Add note' },
};
const OPTIONAL = new Set(['actionsTaken', 'nextSteps']);

function actionForm(action) {
  const spec = FORMS[action];
  const frame = action === 'reply' ? replyFrame(categories) : {};
  const fields = spec.fields.map(([name, label, kind, rows]) => {
    const id = `a-${action}-${name}`;
    const control = kind === 'textarea' ? el('textarea', { id, name, rows, required: !OPTIONAL.has(name) }) : el('input', { id, name, required: true, autocomplete: 'off' });
    return el('div', { class: 'field' }, el('label', { for: id }, label), control);
  });
  const framed =
    action === 'reply' && (frame.greeting || frame.closing)
      ? [frame.greeting ? el('p', { class: 'frame', id: 'reply-greeting' }, frame.greeting) : null, ...fields, frame.closing ? el('p', { class: 'frame', id: 'reply-closing' }, frame.closing) : null, el('p', { class: 'help' }, "The policy's greeting and closing are added to every message by the service.")]
      : fields;
  const form = el('form', { class: 'staff-action', 'data-action': action, id: `form-${action}` }, ...framed, el('button', { type: 'submit', class: action === 'note' || action === 'claim' ? 'secondary' : 'primary' }, spec.submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(action, form);
  });
  return el('details', { class: 'action-form', open: spec.open || undefined }, el('summary', {}, spec.title), form);
}

const VERIFICATION_METHODS = { email_code: "a one-time code sent to the case's email" };

/** That, when and how the customer proved control of the case's email (step-up); empty when they never did. */
function verificationText(v) {
  if (!v?.verifiedAt) return '';
  const at = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v.verifiedAt));
  return `${at}, by ${VERIFICATION_METHODS[v.method] ?? humanize(v.method ?? '')}`;
}

const HOLD_KINDS = { manual: 'Manual hold', dispute: 'Dispute', chargeback: 'Chargeback' };
const shortTime = (iso) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** One hold in one line: what holds the case and since when; for an admin's hold, who placed it (staff id) and why. */
function legalHoldText(hold) {
  const since = `${HOLD_KINDS[hold.kind] ?? humanize(hold.kind)} since ${shortTime(hold.since)}`;
  if (hold.kind === 'manual') return `${since}, placed by ${hold.placedBy}: ${hold.reason}`;
  return `${since}: ${hold.reason}${hold.until ? ` (until ${shortTime(hold.until)})` : ''}`;
}

/** Every legal hold standing on the case, one line each, so staff see why it cannot be erased; '' when none. */
function legalHoldsList(holds) {
  if (!holds?.length) return '';
  return el('ul', { class: 'legal-holds' }, ...holds.map((h) => el('li', { 'data-hold-kind': h.kind }, legalHoldText(h))));
}

function renderCase(view) {
  currentCase = view;
  $('case-title').textContent = `Case ${view.caseNumber} — ${view.subject}`;
  document.title = `${view.caseNumber} — Redress staff console`;
  const assignee = view.lifecycle?.assignee;
  const rows = [
    ['Status', `${humanize(view.status)}${view.lifecycle?.level ? ` (level ${view.lifecycle.level})` : ''}`],
    ['Assignee', assignee ? (assignee === session.staff.staffId ? 'You' : assignee) : 'Unassigned'],
    ['Customer', [view.customer?.name, view.customer?.email].filter(Boolean).join(' · ')],
    ['Category', humanize(view.category ?? '')],
    ['Priority', `${humanize(view.priority ?? '')}${view.lifecycle?.critical ? ' — critical' : ''}`],
    ['Department', humanize(view.department ?? '')],
    ['Channel', humanize(view.channel ?? '')],
    ['Workflow step', view.step ? humanize(view.step) : ''],
    ['Customer verified', verificationText(view.customerVerification)],
    ['Legal holds', legalHoldsList(view.legalHolds)],
  ].filter(([, v]) => v);
  $('case-summary').replaceChildren(...rows.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', { 'data-field': k.toLowerCase() }, v))));
  $('case-description').textContent = view.description ?? '';
  $('case-audit-link').hidden = !AUDIT_READERS.has(session.staff.role);
  $('case-audit-link').firstElementChild.setAttribute('href', auditHash('caseId', view.id ?? ''));

  const actions = offeredActions(session.staff, view);
  // Uploading is acting on the case: offered to those the console offers any action (the API allows every reader).
  $('case-upload').hidden = actions.length === 0;
  const nothing = view.works === false ? 'You read this case for its refunds and chargebacks (the finance page decides them); its own team works the case.' : 'Nothing for your role to do on this case now.';
  $('case-actions').replaceChildren(...(actions.length ? actions.map(actionForm) : [el('p', { class: 'hint' }, nothing)]));

  $('case-clocks').replaceChildren(
    ...staffClocks(view).map((c) =>
      el(
        'li',
        { class: `clock clock-${c.status}`, 'data-clock': c.clock },
        el('p', { class: 'deadline-head' }, el('strong', {}, c.label), ' ', el('span', { class: 'badge small' }, humanize(c.status))),
        c.when ? el('p', { class: 'when' }, c.when) : c.due ? el('p', { class: 'when' }, c.status === 'breached' ? 'Was due ' : 'Due ', timeElement(c.due)) : null,
        c.explanation ? el('p', { class: 'explanation' }, c.explanation) : null,
        c.clause ? el('p', { class: 'explanation' }, `Clause: “${c.clause}”`) : null,
      ),
    ),
  );

  $('case-timeline').replaceChildren(
    ...staffTimeline(view).map((e) =>
      el(
        'li',
        { class: e.internal ? 'internal' : null },
        el('p', { class: 'event-head' }, el('strong', {}, e.title), e.internal ? el('span', { class: 'internal-tag' }, 'Internal') : null, e.who ? ` — ${e.who}` : null, e.at ? [' — ', timeElement(e.at)] : null),
        e.summary ? el('p', {}, e.summary) : null,
        ...e.texts.map((t) => el('blockquote', { class: 'message' }, t)),
        e.clause ? el('p', { class: 'explanation' }, `Policy: “${e.clause}”`) : null,
      ),
    ),
  );
}

async function openCase(id) {
  show('case-view');
  $('case-result').hidden = true;
  statusLine.textContent = 'Loading the case…';
  const answer = await call(`/staff/complaints/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    // Finance reads every case that carries a refund or a chargeback (the access table), so a finance queue row's
    // case opens; whatever refusal remains is said in the API's words, as for every role.
    statusLine.textContent = answer.message;
    return;
  }
  statusLine.textContent = '';
  renderCase(answer.data);
  $('case-upload-result').hidden = true;
  $('case-files').replaceChildren(el('li', { class: 'hint' }, 'Loading the files…'));
  $('case-title').focus();
  await files.load(answer.data.id, session.token).catch(() => $('case-files').replaceChildren(el('li', { class: 'hint' }, 'The files could not be read.')));
}

/** The case's files: the customer page's panel over the staff endpoint. */
const files = filesPanel({
  list: $('case-files'),
  result: $('case-upload-result'),
  form: $('case-upload'),
  url: (id) => api(`/staff/complaints/${encodeURIComponent(id)}/attachments`),
  added: (name) => `“${name}” was added to the case.`,
});

const DONE = {
  claim: 'You claimed the case.',
  assign: 'The case was assigned.',
  reply: 'Your reply was sent to the customer.',
  requestInfo: 'The questions were sent; the clocks are paused until the customer answers.',
  resolve: 'The case is resolved; the customer was told and may accept or dispute.',
  escalate: 'The case was escalated.',
  recommendMediation: 'External mediation was recommended; the case is closed internally.',
  close: 'The case is closed.',
  note: 'The note was added (staff only).',
};

let acting = false;
async function act(action, form) {
  if (acting || !currentCase) return;
  acting = true;
  const button = form.querySelector('button[type="submit"]');
  button?.setAttribute('aria-disabled', 'true');
  // The last action's answer goes while this one is sent: it is not this action's, and a reader (or a test) waiting
  // for the answer line waits for this action's own, which shows only once the case is redrawn with it.
  $('case-result').hidden = true;
  const answer = await call(`/staff/complaints/${encodeURIComponent(currentCase.id)}/actions`, {
    method: 'POST',
    body: JSON.stringify(staffActionBody(action, Object.fromEntries(new FormData(form)))),
  });
  acting = false;
  button?.removeAttribute('aria-disabled');
  const result = $('case-result');
  if (answer.ok && answer.data) {
    // An action answers with the case alone; the step-up and the holds are read beside it: kept as last read (a hold
    // the action began or ended, such as a dispute review, shows when the case is opened again).
    renderCase({ customerVerification: currentCase.customerVerification, legalHolds: currentCase.legalHolds, ...answer.data });
    result.className = 'action-result ok';
    result.textContent = DONE[action];
  } else {
    result.className = 'action-result refused';
    result.textContent = answer.message;
  }
  result.hidden = false;
  result.focus();
}

// ------------------------------------------------------------------------------------------------------ audit

const audit = { subject: null, entries: [], cursor: null };

async function loadAudit({ more = false } = {}) {
  const target = auditPath(audit.subject, more ? audit.cursor : undefined);
  if (target.error) {
    $('audit-count').textContent = target.error;
    $('audit-rows').replaceChildren();
    $('audit-more').hidden = true;
    return;
  }
  statusLine.textContent = 'Loading the audit log…';
  const answer = await call(target.path);
  if (!answer.ok) {
    statusLine.textContent = answer.message;
    return;
  }
  statusLine.textContent = '';
  const entries = Array.isArray(answer.data?.entries) ? answer.data.entries : [];
  audit.entries = more ? [...audit.entries, ...entries] : entries;
  audit.cursor = typeof answer.data?.cursor === 'string' ? answer.data.cursor : null;
  $('audit-more').hidden = !audit.cursor;
  $('audit-count').textContent = audit.entries.length === 0 ? 'No entries.' : `${audit.entries.length} ${audit.entries.length === 1 ? 'entry' : 'entries'}${audit.cursor ? ' so far' : ''}.`;
  $('audit-rows').replaceChildren(
    ...audit.entries.map((e) =>
      el(
        'tr',
        { 'data-outcome': e.outcome },
        el('td', {}, timeElement(e.at)),
        el('td', {}, ...auditActorCell(e.actor)),
        el('td', { title: e.route }, actionWords(e.action)),
        el('td', {}, e.caseId ? el('a', { href: auditHash('caseId', e.caseId) }, e.caseId) : '—'),
        el('td', {}, e.outcome === 'refused' ? 'Refused' : 'Allowed'),
      ),
    ),
  );
}

/** A staff actor links to their entries with their role; retention links to its own; the customer is words only. */
function auditActorCell(actor) {
  const who = actorOf(actor);
  if (actor?.staffId === undefined) return who.id ? [el('a', { href: auditHash('actor', who.id) }, who.label)] : [who.label];
  return [el('a', { href: auditHash('actor', who.id) }, who.label), ` (${ROLE_LABELS[actor.role] ?? actor.role ?? ''})`];
}

async function openAudit(subject) {
  show('audit-view', 'nav-audit');
  document.title = 'Audit log — Redress staff console';
  audit.subject = subject;
  $('audit-by').value = subject.by;
  $('audit-value').value = subject.value;
  if (!subject.value) {
    $('audit-count').textContent = '';
    $('audit-rows').replaceChildren();
    $('audit-more').hidden = true;
    $('audit-value').focus();
    return;
  }
  await loadAudit();
}

// ------------------------------------------------------------------------------------------------------ routes

async function route() {
  if (!session) {
    show('sign-in');
    $('managed-login').hidden = !config;
    $('local-login').hidden = Boolean(config) || !localIdentity;
    if (!config && !localIdentity) statusLine.textContent = 'Sign-in is not configured for this site.';
    $('sign-in-title').focus();
    return;
  }
  const m = /^#\/case\/([^/]+)$/.exec(location.hash);
  if (m) return openCase(decodeURIComponent(m[1]));
  if (location.hash === '#/attention') return openAttention();
  const auditSubject = auditSubjectOf(location.hash);
  if (auditSubject) return openAudit(auditSubject);
  await openQueue(location.hash === '#/at-risk' ? 'at-risk' : 'queue');
}

async function main() {
  await detectSignIn();
  restoreSession();
  await completeManagedLogin();
  $('local-login').addEventListener('submit', (event) => {
    event.preventDefault();
    localLogin(event.target);
  });
  $('managed-login-button').addEventListener('click', startManagedLogin);
  $('sign-out').addEventListener('click', signOut);
  files.wire(() => ({ id: currentCase?.id, token: session?.token }));
  $('queue-more').addEventListener('click', () => loadQueue({ more: true }));
  $('attention-more').addEventListener('click', () => loadAttention({ more: true }));
  $('audit-more').addEventListener('click', () => loadAudit({ more: true }));
  $('audit-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const hash = auditHash($('audit-by').value, $('audit-value').value);
    if (location.hash === hash) loadAudit();
    else location.hash = hash;
  });
  for (const rows of [$('queue-rows'), $('attention-rows')]) {
    rows.addEventListener('keydown', onQueueKey);
    rows.addEventListener('click', (event) => {
      if (event.target.closest('form')) return;
      const row = event.target.closest('tr[data-id]');
      if (row) location.hash = `#/case/${encodeURIComponent(row.dataset.id)}`;
    });
  }
  let debounce;
  $('filters').addEventListener('input', () => {
    clearTimeout(debounce);
    // The server filters: ask once typing pauses.
    debounce = setTimeout(() => loadQueue(), 250);
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  document.addEventListener('keydown', (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (event.key === '/' && !typing && !$('queue-view').hidden) {
      event.preventDefault();
      $('f-q').focus();
    } else if (event.key === 'Escape' && !$('case-view').hidden && !typing) {
      location.hash = lastList;
    }
  });
  window.addEventListener('hashchange', route);
  categories = await fetch(api('/categories')).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  const labels = new Map((Array.isArray(categories?.categories) ? categories.categories : []).map((c) => [c.slug, c.label ?? humanize(c.slug)]));
  fillPicker($('f-category'), [...labels.keys()], (slug) => labels.get(slug));
  await route();
}

main();
