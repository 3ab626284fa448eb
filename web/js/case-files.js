// The files of a case on the customer's page: the list (with short-lived download links) and an upload through the
// presigned POST form the API hands out (the flow itself is in uploads.js, shared with the complaint form).

import { el } from './dom.js';
import { bytes, listFiles, sendFile } from './uploads.js';

const list = document.getElementById('files');
const result = document.getElementById('upload-result');
const form = document.getElementById('form-upload');

const KINDS = { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image', 'image/gif': 'GIF image', 'image/webp': 'WebP image', 'image/heic': 'HEIC image', 'text/plain': 'Text' };

function show(kind, message) {
  result.className = `action-result ${kind}`;
  result.textContent = message;
  result.hidden = false;
}

/** Shows a listing of the case's files; returns what the service refused since the last look (each refusal is reported once). */
function render(data) {
  if (!data) return { refused: [] };
  const items = data.files.map((f, i) => el('li', { 'data-file': f.id }, el('a', { href: f.url, rel: 'noreferrer', download: '' }, `File ${i + 1}`), ` — ${KINDS[f.type] ?? f.type}, ${bytes(f.size)}`));
  const waiting = data.pending.map(() => el('li', { class: 'hint' }, 'A file is being checked; it appears here once it passes.'));
  list.replaceChildren(...(items.length + waiting.length === 0 ? [el('li', { class: 'hint' }, 'No files yet.')] : [...items, ...waiting]));
  return { refused: data.refused };
}

/** Lists the case's files; returns what the service refused since the last look. */
export async function loadFiles(id, token) {
  return render(await listFiles(id, token));
}

async function upload(id, token) {
  const file = form.elements.file.files[0];
  if (!file) return;
  const { ok, message, listing } = await sendFile(id, token, file);
  if (listing) render(listing);
  if (ok) form.reset();
  show(ok ? 'ok' : 'refused', message);
}

/** Wires the upload form to the case the page shows (`location` gives id and token each time, as for actions). */
export function wireUploads(credentials) {
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
