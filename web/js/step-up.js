// Customer step-up on the case page. When the API refuses a sensitive action with `step-up-required`, the page
// offers to email a one-time code to the case's address, takes the code, and once it is confirmed sends the action
// again. The code goes only into the verify request's body; the page keeps nothing.

import { apiUrl, readJson } from './dom.js';
import { problemMessage } from './problem.js';

export const STEP_UP_REQUIRED = 'urn:redress:problem:step-up-required';

/** Whether an answer asks the customer to prove control of the case's email first. */
export const isStepUpRequired = (status, body) => status === 403 && body?.type === STEP_UP_REQUIRED;

const JSON_ACCEPT = 'application/json, application/problem+json';

/**
 * Wires the step-up panel. `credentials()` gives `{ id, token }` of the open case; `open(retry)` shows the panel and
 * remembers the action to send again after the code is confirmed.
 */
export function stepUpPanel(credentials) {
  const panel = document.getElementById('step-up');
  const status = document.getElementById('step-up-status');
  const error = document.getElementById('step-up-error');
  const send = document.getElementById('step-up-send');
  const form = document.getElementById('step-up-form');
  const code = document.getElementById('step-up-code');
  let retry = null;
  let busy = false;

  const say = (text) => (status.textContent = text);
  const fail = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };
  const call = async (path, body) => {
    const { id, token } = credentials();
    const response = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}/${path}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: JSON_ACCEPT, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
    });
    return { status: response.status, data: await readJson(response) };
  };
  // A lock-out (or a limit) says itself when it ends: no more codes or guesses meanwhile.
  const lockOut = (message) => {
    form.hidden = true;
    send.disabled = true;
    fail(message);
  };

  // One request at a time (`busy`), and both buttons say so meanwhile (aria-disabled, as on the case's own forms): a
  // press while an answer is awaited would be dropped without a word. Playwright's click waits for an enabled button
  // too, so a test that sends the next code as soon as an answer arrived waits until the page has handled that answer.
  const verify = form.querySelector('button[type="submit"]');
  const setBusy = (on) => {
    busy = on;
    for (const button of [send, verify]) {
      if (on) button?.setAttribute('aria-disabled', 'true');
      else button?.removeAttribute('aria-disabled');
    }
  };

  send.addEventListener('click', async () => {
    if (busy) return;
    setBusy(true);
    fail('');
    try {
      const { status: s, data } = await call('step-up');
      if (s === 202 && data) {
        const until = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(data.expiresAt));
        say(`We emailed a six-digit code to ${data.sentTo}. It works once, until ${until}.`);
        send.textContent = 'Email me a new code';
        form.hidden = false;
        code.focus();
      } else if (s === 429) lockOut(problemMessage(s, data).message);
      else fail(problemMessage(s, data).message);
    } catch {
      fail('We could not reach our service. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    fail('');
    try {
      const { status: s, data } = await call('step-up/verify', { code: code.value.trim() });
      if (s === 200) {
        panel.hidden = true;
        form.reset();
        const again = retry;
        retry = null;
        say('');
        await again?.();
      } else if (s === 429) lockOut(problemMessage(s, data).message);
      else {
        fail(problemMessage(s, data).message);
        if (s === 410) form.hidden = true;
        else code.select();
      }
    } catch {
      fail('We could not reach our service. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  });

  return {
    open(again) {
      retry = again;
      panel.hidden = false;
      form.hidden = true;
      send.disabled = false;
      send.textContent = 'Email me a code';
      say('');
      fail('');
      send.focus();
    },
    close() {
      retry = null;
      panel.hidden = true;
    },
  };
}
