// The "Your details" part of the case page: the payout details (shown only after the customer confirmed it is them
// with an emailed code), the correction of their name and email, and the erasure of their personal data. Each
// sensitive request that the API refuses with `step-up-required` opens the step-up panel and goes again once the
// code is confirmed, as the case actions do.

import { apiUrl, el, readJson } from './dom.js';
import { problemMessage } from './problem.js';
import { isStepUpRequired } from './step-up.js';

const JSON_ACCEPT = 'application/json, application/problem+json';

/** Shows the payout details the view carries, or says that confirming unlocks them; hides the block when there are none. */
export function renderPayout(view) {
  const block = document.getElementById('payout');
  const list = document.getElementById('payout-details');
  const locked = document.getElementById('payout-locked');
  const details = Array.isArray(view.payoutDetails) ? view.payoutDetails : [];
  const lockedText = typeof view.payoutDetailsLocked === 'string' ? view.payoutDetailsLocked : '';
  block.hidden = details.length === 0 && !lockedText;
  list.replaceChildren(...details.flatMap((d) => [el('dt', {}, String(d.label ?? d.name)), el('dd', {}, String(d.value ?? ''))]));
  list.hidden = details.length === 0;
  locked.hidden = !lockedText;
  document.getElementById('payout-locked-text').textContent = lockedText;
}

/**
 * Wires the forms. `credentials()` gives `{ id, token }`; `stepUp` is the step-up panel; `reload()` reads the case
 * again (after a change, or once a code unlocked the payout details).
 */
export function wirePrivacy(credentials, stepUp, reload) {
  const result = document.getElementById('privacy-result');
  const show = (kind, message) => {
    result.className = `action-result ${kind}`;
    result.textContent = message;
    result.hidden = false;
    result.focus();
  };
  const call = async (path, body) => {
    const { id, token } = credentials();
    const response = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}/${path}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: JSON_ACCEPT },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
    return { status: response.status, data: await readJson(response) };
  };
  /** Sends a request; a step-up refusal opens the panel and sends it again after the code. */
  const send = async (path, body, done) => {
    try {
      const { status, data } = await call(path, body);
      if (status === 200 && data) await done(data);
      else if (isStepUpRequired(status, data)) {
        show('refused', problemMessage(status, data).message);
        stepUp.open(() => send(path, body, done));
      } else show('refused', problemMessage(status, data).message);
    } catch {
      show('refused', 'We could not reach our service. Check your connection and try again.');
    }
  };

  document.getElementById('payout-unlock').addEventListener('click', () => {
    result.hidden = true;
    stepUp.open(reload);
  });

  const contact = document.getElementById('form-contact');
  contact.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(contact));
    const body = {};
    for (const name of ['name', 'email']) if (typeof fields[name] === 'string' && fields[name].trim()) body[name] = fields[name].trim();
    if (Object.keys(body).length === 0) return show('refused', 'Enter the corrected name, email or both.');
    send('contact', body, async (data) => {
      contact.reset();
      await reload();
      show('ok', data.changed.length ? 'Thank you: your contact details were corrected on your cases.' : 'Your contact details were already these; nothing changed.');
    });
  });

  const erase = document.getElementById('form-erase');
  erase.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!document.getElementById('erase-confirm').checked) return show('refused', 'Tick the box to confirm that you want your personal data erased.');
    send('erasure', { confirm: true }, async () => {
      erase.hidden = true;
      await reload();
      show('ok', 'Your personal data was erased from all your cases. The cases stay, without your name, address or messages.');
    });
  });
}
