// The outage banner of the complaint form and the case page (seed 004 section 14): while an incident is active,
// what is down, its latest update and the other ways to reach us, above everything else. A failed read shows
// nothing: the banner never stands between a customer and the form.

import { apiUrl, el, readJson, timeElement } from './dom.js';

function banner(incident) {
  return el(
    'section',
    { class: 'incident-banner', role: 'status', 'aria-labelledby': `incident-${incident.id}`, 'data-incident': incident.id },
    el('h2', { id: `incident-${incident.id}` }, `Known problem: ${incident.title}`),
    el('p', { class: 'incident-status' }, incident.status === 'active' ? 'We are working on it' : 'Resolved', ' — since ', timeElement(incident.since)),
    el('p', { class: 'incident-update' }, incident.update.message, ' ', el('span', { class: 'hint' }, '(updated ', timeElement(incident.update.at), ')')),
    incident.alternativeContacts.length > 0
      ? [el('p', {}, 'Meanwhile you can also reach us:'), el('ul', { class: 'incident-contacts' }, ...incident.alternativeContacts.map((c) => el('li', {}, el('strong', {}, `${c.label}: `), c.value)))]
      : null,
  );
}

async function showIncidents() {
  const slot = document.getElementById('incident-banners');
  if (!slot) return;
  try {
    const response = await fetch(apiUrl('incidents/active'), { headers: { accept: 'application/json' } });
    const body = response.ok ? await readJson(response) : null;
    slot.replaceChildren(...(body?.items ?? []).map(banner));
  } catch {
    slot.replaceChildren();
  } finally {
    // The slot is marked busy in the page until the incidents were read: "no banner" means none is active only from
    // here on (before, it only means the answer has not come; a test waits for this before asserting the banner gone).
    slot.removeAttribute('aria-busy');
  }
}

showIncidents();
