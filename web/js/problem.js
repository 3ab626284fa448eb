// Turns an API refusal (RFC 9457 problem+json) into a sentence a person can act on. Shared by the case page and
// the staff console, so both say the same thing for the same refusal.

const FALLBACK = {
  400: 'The request was not understood.',
  401: 'Your sign-in has expired or is missing. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'This case could not be found.',
  409: 'This is not possible at the moment: the case has moved on.',
  410: 'This is no longer possible on this case.',
  413: 'That is too long to send.',
  415: 'The request was sent in a form the service does not accept.',
  422: 'Some of what was entered is not valid.',
  429: 'Too many requests just now. Please wait a moment and try again.',
};

/**
 * `{ message, fields }` for an answer: the problem's `detail` (the API words refusals for people), else its
 * `title`, else a sentence for the status; `fields` maps each field error's dotted path to its message.
 */
export function problemMessage(status, body) {
  const fields = {};
  for (const e of Array.isArray(body?.errors) ? body.errors : []) {
    if (e && typeof e.message === 'string') fields[String(e.field ?? e.path ?? 'body')] = e.message;
  }
  const detail = typeof body?.detail === 'string' && body.detail.trim() ? body.detail.trim() : null;
  const title = typeof body?.title === 'string' && body.title.trim() ? body.title.trim() : null;
  const base = detail ?? FALLBACK[status] ?? title ?? (status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : 'That did not work.');
  const listed = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
  const message = listed.length && !detail ? `${base} ${listed.join('; ')}.` : base;
  return { message, fields };
}
