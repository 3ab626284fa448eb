// The outage incidents page of the staff console (supervisors): declare an incident, post updates, resolve it.
// Plain ES module, no build step; the API decides who may do what and how often, this page words its answers.

import { el, readJson, timeElement } from '../../js/dom.js';
import { problemMessage } from '../../js/problem.js';
import { staffOf } from './claims.js';

const $ = (id) => document.getElementById(id);
const SESSION = 'redress.console.session';
const statusLine = $('status');
let token = null;

async function call(path, body) {
  try {
    const response = await fetch(new URL(path, location.origin), {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
    });
    const data = await readJson(response);
    return { ok: response.ok, data, message: response.ok ? '' : problemMessage(response.status, data).message };
  } catch {
    return { ok: false, data: null, message: 'The service could not be reached. Check the connection and try again.' };
  }
}

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const contacts = (text) =>
  text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((parts) => parts.length >= 2 && parts[0].trim())
    .map(([label, ...rest]) => ({ label: label.trim(), value: rest.join(':').trim() }));

function actionForm(incident, kind) {
  const form = el(
    'form',
    { class: `incident-${kind}`, 'data-incident': incident.id },
    kind === 'resolve'
      ? el('select', { name: 'outcome', 'aria-label': 'What happens to the linked cases' }, el('option', { value: 'resolve' }, 'Resolve the cases'), el('option', { value: 'requeue' }, 'Re-queue the cases'))
      : null,
    el('input', { name: 'text', required: true, maxlength: 2000, placeholder: kind === 'resolve' ? 'Note (the resolution customers read)' : 'Update for customers', 'aria-label': kind === 'resolve' ? 'Note' : 'Update' }),
    el('button', { type: 'submit', class: kind === 'resolve' ? '' : 'primary' }, kind === 'resolve' ? 'Resolve incident' : 'Post update'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.elements.text.value.trim();
    const answer =
      kind === 'resolve'
        ? await call(`/staff/incidents/${encodeURIComponent(incident.id)}/resolution`, { outcome: form.elements.outcome.value, note: text })
        : await call(`/staff/incidents/${encodeURIComponent(incident.id)}/updates`, { message: text });
    statusLine.textContent = answer.ok ? (kind === 'resolve' ? `Resolved; ${answer.data.links.length} linked cases closed.` : `Posted; ${answer.data.told} customers told.`) : answer.message;
    await load();
  });
  return form;
}

function incidentCard(incident) {
  const open = incident.links.filter((l) => !l.closed).length;
  return el(
    'article',
    { class: 'incident', 'data-incident': incident.id },
    el('h3', {}, incident.title, ' ', el('span', { class: 'badge small' }, incident.status)),
    el('p', {}, 'Since ', timeElement(incident.since), ` · ${incident.links.length} linked cases, ${open} still linked`),
    el('ol', {}, ...incident.updates.map((u) => el('li', {}, timeElement(u.at), ' — ', u.message))),
    incident.resolution ? el('p', {}, `Resolved (${incident.resolution.outcome}): ${incident.resolution.note}`) : [actionForm(incident, 'update'), actionForm(incident, 'resolve')],
  );
}

async function load() {
  const answer = await call('/staff/incidents');
  if (!answer.ok) {
    statusLine.textContent = answer.message;
    return;
  }
  $('incidents').replaceChildren(...(answer.data.items.length ? answer.data.items.map(incidentCard) : [el('p', {}, 'No incident so far.')]));
  document.body.dataset.loaded = 'true';
}

$('declare').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = event.target.elements;
  const answer = await call('/staff/incidents', {
    title: f.title.value.trim(),
    since: new Date(f.since.value).toISOString(),
    scope: { categories: list(f.categories.value), keywords: list(f.keywords.value) },
    alternativeContacts: contacts(f.contacts.value),
    message: f.message.value.trim(),
  });
  statusLine.textContent = answer.ok ? `Declared; ${answer.data.linked} open cases linked and told.` : answer.message;
  if (answer.ok) event.target.reset();
  await load();
});

token = sessionStorage.getItem(SESSION);
const staff = token ? staffOf(token) : null;
if (!staff || (staff.expiresAt && staff.expiresAt < Date.now())) {
  $('signed-out').hidden = false;
} else {
  $('incidents-view').hidden = false;
  void load();
}
