// The files of a case, on the customer's page and in the staff console's case view (one panel over either endpoint):
// the list (with short-lived download links) and an upload through the presigned POST form the API hands out (the
// flow itself is in uploads.js, shared with the complaint form).

import { el } from './dom.js';
import { bytes, filesUrl, listFiles, sendFile } from './uploads.js';

const KINDS = { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image', 'image/gif': 'GIF image', 'image/webp': 'WebP image', 'image/heic': 'HEIC image', 'text/plain': 'Text' };

/**
 * The files panel over its elements (`list`, `result`, `form`): `url(id)` is the case's attachments endpoint,
 * `added(name)` the words for a kept upload (uploads.js's own when absent). Returns `load(id, token)` (lists; returns what the service refused since
 * the last look) and `wire(credentials)` (the upload form; `credentials()` gives id and token each time).
 */
export function filesPanel({ list, result, form, url, added }) {
  function show(kind, message) {
    result.className = `action-result ${kind}`;
    result.textContent = message;
    result.hidden = false;
  }

  /** Shows a listing; returns what the service refused since the last look (each refusal is reported once). */
  function render(data) {
    if (!data) return { refused: [] };
    const items = data.files.map((f, i) => el('li', { 'data-file': f.id }, el('a', { href: f.url, rel: 'noreferrer', download: '' }, `File ${i + 1}`), ` — ${KINDS[f.type] ?? f.type}, ${bytes(f.size)}`));
    const waiting = data.pending.map(() => el('li', { class: 'hint' }, 'A file is being checked; it appears here once it passes.'));
    list.replaceChildren(...(items.length + waiting.length === 0 ? [el('li', { class: 'hint' }, 'No files yet.')] : [...items, ...waiting]));
    return { refused: data.refused };
  }

  async function loadFiles(id, token) {
    return render(await listFiles(id, token, url(id)));
  }

  async function upload(id, token) {
    const file = form.elements.file.files[0];
    if (!file) return;
    const { ok, message, listing } = await sendFile(id, token, file, { url: url(id), added });
    if (listing) render(listing);
    if (ok) form.reset();
    show(ok ? 'ok' : 'refused', message);
  }

  function wireUploads(credentials) {
    let sending = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending) return;
      const { id, token } = credentials();
      if (!id || !token) return;
      sending = true;
      result.hidden = true;
      const button = form.querySelector('button[type="submit"]');
      button?.setAttribute('aria-disabled', 'true');
      try {
        await upload(id, token);
      } catch {
        show('refused', 'We could not reach our service. Check your connection and try again.');
      } finally {
        sending = false;
        button?.removeAttribute('aria-disabled');
      }
    });
  }

  return { load: loadFiles, wire: wireUploads };
}

/** The customer's page: its own endpoint (the case token); `sendFile`'s own words thank the customer. */
let customerPanel = null;
const customer = () =>
  (customerPanel ??= filesPanel({
    list: document.getElementById('files'),
    result: document.getElementById('upload-result'),
    form: document.getElementById('form-upload'),
    url: filesUrl,
  }));

/** Lists the case's files on the customer's page; returns what the service refused since the last look. */
export const loadFiles = (id, token) => customer().load(id, token);

/** Wires the customer's upload form to the case the page shows (`location` gives id and token each time, as for actions). */
export const wireUploads = (credentials) => customer().wire(credentials);
