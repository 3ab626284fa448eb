// Sending one file to a case: the presigned POST form from the API, the POST to the object store, then one read of
// the case's files, because the service checks the content (not the name) only when the list is next read. Shared
// by the case page, the complaint form and the staff console's case view, so all say the same thing about the same file.

import { apiUrl, readJson } from './dom.js';
import { problemMessage } from './problem.js';

const REASONS = {
  empty: 'the file is empty',
  'too-large': 'the file is larger than we accept',
  'type-not-allowed': 'we do not accept this kind of file',
  disguised: 'the file is not what its name says',
  malware: 'the file did not pass our safety scan',
};

export const bytes = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`);

/** The customer's attachments endpoint of a case (the staff console passes its own to the functions below). */
export const filesUrl = (id) => apiUrl(`complaints/${encodeURIComponent(id)}/attachments`);

/** The case's files as the API lists them (`files`, `pending`, `refused`), or null when it cannot be read. `url`: the staff console's endpoint instead of the customer's. */
export async function listFiles(id, token, url = filesUrl(id)) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, cache: 'no-store' });
  return response.ok ? await readJson(response) : null;
}

/**
 * Uploads `file` to the case; resolves to `{ ok, message, listing }`: a sentence for a person and the listing read
 * after the upload (null when none was read). The size is checked here first only to spare a long upload of a file
 * the form would refuse anyway. `url` and `added` (the words for a kept file): the staff console's, not the customer's.
 */
export async function sendFile(id, token, file, { url = filesUrl(id), added = (name) => `Thank you: “${name}” was added to your case.` } = {}) {
  const formResponse = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' }, cache: 'no-store' });
  const uploadForm = await readJson(formResponse);
  if (!formResponse.ok || !uploadForm) return { ok: false, message: problemMessage(formResponse.status, uploadForm).message, listing: null };
  if (file.size > uploadForm.maxBytes) return { ok: false, message: `“${file.name}” is ${bytes(file.size)}; we accept files up to ${bytes(uploadForm.maxBytes)}.`, listing: null };
  const body = new FormData();
  for (const [name, value] of Object.entries(uploadForm.fields)) body.append(name, value);
  body.append('Content-Type', file.type || 'application/octet-stream');
  body.append('file', file, file.name);
  // The object store's answer is 204 with no body; S3 answers a refusal with XML that says nothing useful to a person.
  const stored = await fetch(uploadForm.url, { method: 'POST', body });
  if (!stored.ok) {
    const message = stored.status === 400 ? `“${file.name}” was not accepted: it may be larger than ${bytes(uploadForm.maxBytes)}.` : `“${file.name}” did not go through. Please try again.`;
    return { ok: false, message, listing: null };
  }
  const listing = await listFiles(id, token, url);
  const mine = listing?.refused.find((r) => r.id === uploadForm.uploadId);
  if (mine) return { ok: false, message: `“${file.name}” was not kept: ${REASONS[mine.reason] ?? mine.reason}. Nothing of it was stored.`, listing };
  return { ok: true, message: added(file.name), listing };
}
