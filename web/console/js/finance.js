// The finance page of the staff console: the queue of pending finance decisions with filters, approve or reject a
// refund with a reason, submit a chargeback's evidence or accept it, totals per currency with a small chart, the
// reconciliation CSV. Plain ES module, no build step; the API decides everything (roles, limits, maker–checker,
// the stored pack's digest) and this page words its answers.

import { el, readJson, timeElement } from '../../js/dom.js';
import { problemMessage } from '../../js/problem.js';
import { ROLE_LABELS, staffOf } from './claims.js';

const $ = (id) => document.getElementById(id);
const api = (path) => new URL(path, location.origin).toString();
// The console's own session key: signing in on either page signs in on both (same tab).
const SESSION = 'redress.console.session';
const statusLine = $('status');
let session = null;

function restoreSession() {
  const token = sessionStorage.getItem(SESSION);
  const staff = token ? staffOf(token) : null;
  session = staff && (!staff.expiresAt || staff.expiresAt > Date.now()) ? { token, staff } : null;
}

async function call(path, init = {}) {
  try {
    const response = await fetch(api(path), {
      ...init,
      headers: { authorization: `Bearer ${session.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      cache: 'no-store',
    });
    if (response.status === 401) {
      sessionStorage.removeItem(SESSION);
      session = null;
      setTimeout(render);
    }
    if (response.ok && !/json/i.test(response.headers.get('content-type') ?? '')) return { ok: true, status: response.status, blob: await response.blob() };
    const data = await readJson(response);
    return { ok: response.ok, status: response.status, data, message: response.ok ? '' : problemMessage(response.status, data).message };
  } catch {
    return { ok: false, status: 0, message: 'The service could not be reached. Check the connection and try again.' };
  }
}

/** "NGN 1,234.56" from integer minor units, by moving digits in the string (never floating point). */
function money({ amountMinor, currency }) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  const s = String(amountMinor).padStart(digits + 1, '0');
  const whole = digits ? s.slice(0, -digits) : s;
  return `${currency} ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${digits ? `.${s.slice(-digits)}` : ''}`;
}

function queryOf(form) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (String(v).trim()) params.set(k, String(v).trim());
  return params.toString();
}

/**
 * A chargeback's two decisions: submit evidence (the pack is built from the complaint with the reason as finance's
 * statement, then submitted by the key and SHA-256 the build answered, so what is sent is what was stored) or accept.
 * After the deadline only accepting is left; without a linked complaint there is no pack to build (the API says so).
 */
function chargebackCell(item) {
  const reasonId = `reason-${item.id}`;
  const open = item.status === 'open';
  const form = el(
    'form',
    { class: 'decision', 'data-chargeback': item.id },
    el('label', { for: reasonId, class: 'visually-hidden' }, 'Reason'),
    el('input', { id: reasonId, name: 'reason', required: true, minlength: 3, maxlength: 2000, placeholder: 'Reason (required)' }),
    ...(open ? [el('button', { type: 'submit', name: 'outcome', value: 'submit_evidence', class: 'primary' }, 'Submit evidence')] : []),
    el('button', { type: 'submit', name: 'outcome', value: 'accept' }, 'Accept'),
  );
  form.addEventListener('submit', oneAtATime(form, async (event) => {
    const outcome = event.submitter?.value === 'submit_evidence' ? 'submit_evidence' : 'accept';
    const reason = form.elements.reason.value.trim();
    const path = `/staff/chargebacks/${encodeURIComponent(item.id)}`;
    let body = { outcome, reason };
    if (outcome === 'submit_evidence') {
      const built = await call(`${path}/evidence-pack`, { method: 'POST', body: JSON.stringify({ statement: reason }) });
      if (!built.ok) {
        statusLine.textContent = built.message;
        return;
      }
      body = { ...body, evidencePack: built.data.evidencePack };
    }
    const answer = await call(`${path}/decision`, { method: 'POST', body: JSON.stringify(body) });
    statusLine.textContent = answer.ok ? `Chargeback ${outcome === 'accept' ? 'accepted' : 'evidence submitted'}: ${money(answer.data.chargeback.amount)} (now ${answer.data.chargeback.status}).` : answer.message;
    await Promise.all([loadQueue(), loadTotals()]);
  }));
  return el('td', {}, form);
}

/**
 * A decision form's submit handler, one request at a time: its buttons are aria-disabled until the answer is handled
 * (the list is read again after it), so a second press cannot send the decision twice, the second being refused and
 * its refusal replacing the first one's answer in the status line.
 */
function oneAtATime(form, handle) {
  let sending = false;
  return async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    const buttons = [...form.querySelectorAll('button')];
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    try {
      await handle(event);
    } finally {
      sending = false;
      for (const b of buttons) b.removeAttribute('aria-disabled');
    }
  };
}

function decisionCell(item) {
  if (item.kind === 'chargeback' && (item.status === 'open' || item.status === 'expired')) return chargebackCell(item);
  if (item.kind !== 'refund' || item.status !== 'requested') return el('td', {}, item.kind === 'chargeback' ? 'with the card network' : 'waiting for the provider');
  const reasonId = `reason-${item.id}`;
  const form = el(
    'form',
    { class: 'decision', 'data-refund': item.id },
    el('label', { for: reasonId, class: 'visually-hidden' }, 'Reason'),
    el('input', { id: reasonId, name: 'reason', required: true, minlength: 3, maxlength: 2000, placeholder: 'Reason (required)' }),
    el('button', { type: 'submit', name: 'outcome', value: 'approve', class: 'primary' }, 'Approve'),
    el('button', { type: 'submit', name: 'outcome', value: 'reject' }, 'Reject'),
  );
  form.addEventListener('submit', oneAtATime(form, async (event) => {
    const outcome = event.submitter?.value === 'reject' ? 'reject' : 'approve';
    const reason = form.elements.reason.value.trim();
    const answer = await call(`/staff/refunds/${encodeURIComponent(item.id)}/decision`, { method: 'POST', body: JSON.stringify({ outcome, reason }) });
    statusLine.textContent = answer.ok ? `Refund ${outcome === 'approve' ? 'approved' : 'rejected'}: ${money(answer.data.refund.amount)} (now ${answer.data.refund.status}).` : answer.message;
    await Promise.all([loadQueue(), loadTotals()]);
  }));
  return el('td', {}, form);
}

/**
 * The case number opens the case in the console (same tab, same session), whose timeline carries the money history:
 * every refund and chargeback event is a "Finance update" line there, with the decision's reason.
 */
function caseCell(item) {
  if (!item.caseId) return 'no complaint linked';
  return el('a', { href: `index.html#/case/${encodeURIComponent(item.caseId)}`, 'data-case': item.caseId }, item.caseNumber ?? 'Open the case');
}

async function loadQueue() {
  const answer = await call(`/staff/finance/queue?${queryOf($('filters'))}`);
  const body = $('queue').tBodies[0];
  body.replaceChildren();
  if (!answer.ok) {
    statusLine.textContent = answer.message;
    return;
  }
  for (const item of answer.data.items) {
    body.append(
      el(
        'tr',
        { 'data-id': item.id, 'data-kind': item.kind },
        el('td', {}, item.due ? timeElement(item.due) : '—'),
        el('td', {}, item.kind),
        el('td', {}, caseCell(item)),
        el('td', { class: 'amount' }, money(item.amount)),
        el('td', { class: 'state' }, item.status),
        el('td', {}, item.route ?? 'finance'),
        decisionCell(item),
      ),
    );
  }
  $('queue-empty').hidden = answer.data.items.length > 0;
}

/** One small bar chart per currency: the amount by status this period (an SVG, text inside stays text). */
async function loadTotals() {
  const answer = await call('/staff/finance/totals?period=month');
  const host = $('totals');
  host.replaceChildren();
  if (!answer.ok) return;
  const byCurrency = new Map();
  for (const row of answer.data.rows) {
    const key = row.currency;
    const bars = byCurrency.get(key) ?? new Map();
    const label = `${row.kind} ${row.status}`;
    bars.set(label, (bars.get(label) ?? 0) + row.amountMinor);
    byCurrency.set(key, bars);
  }
  const NS = 'http://www.w3.org/2000/svg';
  for (const [currency, bars] of byCurrency) {
    const max = Math.max(...bars.values(), 1);
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Totals in ${currency}`);
    svg.setAttribute('width', '420');
    svg.setAttribute('height', String(bars.size * 24 + 8));
    let y = 4;
    for (const [label, amountMinor] of bars) {
      const bar = document.createElementNS(NS, 'rect');
      Object.entries({ x: 150, y, height: 16, width: Math.max(2, Math.round((240 * amountMinor) / max)), fill: '#2b6cb0' }).forEach(([k, v]) => bar.setAttribute(k, String(v)));
      const text = document.createElementNS(NS, 'text');
      Object.entries({ x: 0, y: y + 12, 'font-size': 12 }).forEach(([k, v]) => text.setAttribute(k, String(v)));
      text.textContent = `${label}: ${money({ amountMinor, currency })}`;
      svg.append(bar, text);
      y += 24;
    }
    host.append(el('figure', { class: 'totals', 'data-currency': currency }, el('figcaption', {}, currency), svg));
  }
}

async function exportCsv() {
  const answer = await call('/staff/finance/export.csv');
  if (!answer.ok || !answer.blob) {
    statusLine.textContent = answer.message ?? 'The export failed.';
    return;
  }
  const url = URL.createObjectURL(answer.blob);
  const link = el('a', { href: url, download: 'redress-reconciliation.csv' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function render() {
  restoreSession();
  $('who').hidden = !session;
  if (!session) {
    $('sign-in').hidden = false;
    $('finance-view').hidden = true;
    const local = await fetch(api('/_local/jwks.json'), { cache: 'no-store' }).then((r) => r.ok).catch(() => false);
    $('local-login').hidden = !local;
    $('managed-hint').hidden = local;
    return;
  }
  $('who-name').textContent = session.staff.name ?? session.staff.sub ?? '';
  $('who-role').textContent = ROLE_LABELS[session.staff.role] ?? session.staff.role;
  $('sign-in').hidden = true;
  $('finance-view').hidden = false;
  await Promise.all([loadQueue(), loadTotals()]);
}

$('local-login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(event.target));
  const response = await fetch(api('/_local/dev-token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: String(data.sub).trim(), groups: [data.role] }) });
  const answer = await readJson(response);
  if (!response.ok || !answer?.token) {
    statusLine.textContent = problemMessage(response.status, answer).message;
    return;
  }
  sessionStorage.setItem(SESSION, answer.token);
  await render();
});
$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadQueue();
});
$('export').addEventListener('click', () => void exportCsv());
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(SESSION);
  void render();
});
void render();
