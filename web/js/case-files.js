// The files of a case on the customer's page: the list (with short-lived download links) and an upload through the
// presigned POST form the API hands out. The content is checked by the service when the list is next read, so a
// refused file is reported here with the service's reason; the size is checked here first only to spare a long
// upload of a file the form would refuse anyway.

import { apiUrl, el, readJson } from './dom.js';
import { problemMessage } from './problem.js';

const REASONS = {
  empty: 'the file is empty',
  'too-large': 'the file is larger than we accept',
  'type-not-allowed': 'we do not accept this kind of file',
  disguised: 'the file is not what its name says',
  malware: 'the file did not pass our safety scan',
};

const list = document.getElementById('files');
const result = document.getElementById('upload-result');
const form = document.getElementById('form-upload');

const bytes = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`);
const KINDS = { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image', 'image/gif': 'GIF image', 'image/webp': 'WebP image', 'image/heic': 'HEIC image', 'text/plain': 'Text' };

function show(kind, message) {
  result.className = `action-result ${kind}`;
  result.textContent = message;
  result.hidden = false;
}

/** Lists the case's files; returns what the service refused since the last look (each refusal is reported once). */
export async function loadFiles(id, token) {
  const response = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}/attachments`), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, cache: 'no-store' });
  const data = response.ok ? await readJson(response) : null;
  if (!data) return { refused: [] };
  const items = data.files.map((f, i) => el('li', { 'data-file': f.id }, el('a', { href: f.url, rel: 'noreferrer', download: '' }, `File ${i + 1}`), ` — ${KINDS[f.type] ?? f.type}, ${bytes(f.size)}`));
  const waiting = data.pending.map(() => el('li', { class: 'hint' }, 'A file is being checked; it appears here once it passes.'));
  list.replaceChildren(...(items.length + waiting.length === 0 ? [el('li', { class: 'hint' }, 'No files yet.')] : [...items, ...waiting]));
  return { refused: data.refused };
}

async function upload(id, token) {
  const file = form.elements.file.files[0];
  if (!file) return;
  const formResponse = await fetch(apiUrl(`complaints/${encodeURIComponent(id)}/attachments`), { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' }, cache: 'no-store' });
  const uploadForm = await readJson(formResponse);
  if (!formResponse.ok || !uploadForm) return show('refused', problemMessage(formResponse.status, uploadForm).message);
  if (file.size > uploadForm.maxBytes) return show('refused', `“${file.name}” is ${bytes(file.size)}; we accept files up to ${bytes(uploadForm.maxBytes)}.`);
  const body = new FormData();
  for (const [name, value] of Object.entries(uploadForm.fields)) body.append(name, value);
  body.append('Content-Type', file.type || 'application/octet-stream');
  body.append('file', file, file.name);
  // The object store's answer is 204 with no body; S3 answers a refusal with XML that says nothing useful to a person.
  const stored = await fetch(uploadForm.url, { method: 'POST', body });
  if (!stored.ok) return show('refused', stored.status === 400 ? `“${file.name}” was not accepted: it may be larger than ${bytes(uploadForm.maxBytes)}.` : 'The upload did not go through. Please try again.');
  const { refused } = await loadFiles(id, token);
  const mine = refused.find((r) => r.id === uploadForm.uploadId);
  if (mine) return show('refused', `“${file.name}” was not kept: ${REASONS[mine.reason] ?? mine.reason}. Nothing of it was stored.`);
  form.reset();
  show('ok', `Thank you: “${file.name}” was added to your case.`);
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
