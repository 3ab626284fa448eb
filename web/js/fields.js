// What the form asks for, as plain data: the common fields of every complaint and the category's own
// FieldSpec list from GET /categories turned into control descriptors, plus validation that mirrors the
// server's (functions/domain/policy/details.ts) so a customer hears about a mistake before sending.
// No DOM here: form.js builds elements from these descriptors, and the unit tests run in Node.

import { allCurrencies, isCurrency, parseAmount } from './money.js';

// The server validates emails with zod's pattern; the browser's own type=email check is looser ("a@b"
// passes), so we check the same pattern the server does.
const emailPattern =
  /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const localDateTimePattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/;

const knownTypes = new Set(['text', 'longText', 'email', 'money', 'date', 'dateTime', 'url', 'enum']);

/** Fields every complaint carries, described like a category's FieldSpec, with their wire path, in page order. */
export const commonFields = [
  { path: 'subject', label: 'Subject', type: 'text', required: true, maxLength: 200, help: 'A short summary, e.g. "Payout not received".' },
  { path: 'description', label: 'What happened?', type: 'longText', required: true, maxLength: 10000 },
  { path: 'customer.name', label: 'Your name', type: 'text', required: true, maxLength: 200, autocomplete: 'name' },
  {
    path: 'customer.email',
    label: 'Your email address',
    type: 'email',
    required: true,
    maxLength: 254,
    autocomplete: 'email',
    help: 'We send your case number and every update here.',
  },
];

/** The element id of the input for a wire path: `details.prospectEmail` -> `f-details-prospectEmail`. */
export function inputIdFor(path) {
  return `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The id of a money field's currency select. */
export const currencyIdFor = (path) => `${inputIdFor(path)}-currency`;

/**
 * A control descriptor for a field spec. Unknown types fall back to a text input, so a newer policy
 * never breaks an older form.
 * @param {{ name?: string, path?: string, label: string, type: string, required?: boolean, options?: string[],
 *   help?: string, maxLength?: number, pattern?: string, patternMessage?: string, autocomplete?: string }} spec
 */
export function describeField(spec) {
  const type = knownTypes.has(spec.type) ? spec.type : 'text';
  const path = spec.path ?? `details.${spec.name}`;
  const field = {
    path,
    id: inputIdFor(path),
    label: spec.label,
    type,
    required: spec.required !== false, // the policy schema defaults `required` to true
    help: spec.help,
    maxLength: spec.maxLength,
    pattern: spec.pattern,
    patternMessage: spec.patternMessage,
    element: 'input',
    attributes: {},
  };
  const attrs = field.attributes;
  if (spec.autocomplete) attrs.autocomplete = spec.autocomplete;
  if (spec.maxLength) attrs.maxlength = String(spec.maxLength);
  switch (type) {
    case 'text':
      attrs.type = 'text';
      break;
    case 'longText':
      field.element = 'textarea';
      attrs.rows = '6';
      break;
    case 'email':
      Object.assign(attrs, { type: 'email', autocomplete: spec.autocomplete ?? 'off', spellcheck: 'false' });
      break;
    case 'url':
      Object.assign(attrs, { type: 'url', inputmode: 'url', placeholder: 'https://' });
      break;
    case 'date':
      attrs.type = 'date';
      break;
    case 'dateTime':
      attrs.type = 'datetime-local';
      break;
    case 'enum':
      field.element = 'select';
      field.options = spec.options ?? [];
      break;
    case 'money':
      // A decimal amount beside a currency select. A policy may list its currencies as the field's options.
      Object.assign(attrs, { type: 'text', inputmode: 'decimal', autocomplete: 'off' });
      field.currencyId = currencyIdFor(path);
      field.currencies = (spec.options ?? []).filter(isCurrency);
      // Without a list from the policy, offer every code Intl knows with USD preselected rather than AED,
      // the alphabetical first; a policy names its own currencies (first = default) with `options`.
      field.defaultCurrency = field.currencies[0] ?? 'USD';
      if (field.currencies.length === 0) field.currencies = allCurrencies();
      break;
  }
  return field;
}

/** Descriptors for a category's details. */
export function describeCategory(category) {
  return (category?.details ?? []).map((spec) => describeField(spec));
}

/**
 * Checks one raw value as the server would. `raw` is the input's string value; for money it is
 * `{ amount, currency }`. Returns an error message, or null when the value is acceptable.
 */
export function validateField(field, raw) {
  const result = convert(field, raw);
  return result.ok ? null : result.message;
}

/**
 * The value to send for a field, or `undefined` to leave an empty optional field out.
 * Throws if the value is invalid: call validateField first.
 */
export function toWireValue(field, raw, offsetMinutes) {
  const result = convert(field, raw, offsetMinutes);
  if (!result.ok) throw new Error(`${field.path}: ${result.message}`);
  return result.value;
}

function isEmpty(field, raw) {
  if (field.type === 'money') return String(raw?.amount ?? '').trim() === '';
  return String(raw ?? '').trim() === '';
}

function convert(field, raw, offsetMinutes = 0) {
  if (isEmpty(field, raw)) {
    return field.required ? { ok: false, message: `${field.label} is required` } : { ok: true, value: undefined };
  }
  const text = field.type === 'money' ? '' : String(raw).trim();
  if (field.maxLength && text.length > field.maxLength) return { ok: false, message: `at most ${field.maxLength} characters` };
  switch (field.type) {
    case 'email':
      return emailPattern.test(text) ? { ok: true, value: text } : { ok: false, message: 'must be an email address' };
    case 'url':
      return isHttpUrl(text) ? { ok: true, value: text } : { ok: false, message: 'must be an http(s) URL' };
    case 'date':
      return isDate(text) ? { ok: true, value: text } : { ok: false, message: 'must be a date, YYYY-MM-DD' };
    case 'dateTime': {
      const value = localDateTimeToRfc3339(text, offsetMinutes);
      return value ? { ok: true, value } : { ok: false, message: 'must be a date and time' };
    }
    case 'enum':
      return field.options?.includes(text) ? { ok: true, value: text } : { ok: false, message: `choose one of: ${field.options?.join(', ')}` };
    case 'money':
      return parseAmount(raw.amount, raw.currency);
    default: {
      if (field.pattern && !safeRegExp(field.pattern)?.test(text)) {
        return { ok: false, message: field.patternMessage ?? `must match ${field.pattern}` };
      }
      return { ok: true, value: text };
    }
  }
}

function safeRegExp(source) {
  try {
    return new RegExp(source); // the server builds the same unanchored RegExp from the policy
  } catch {
    return null;
  }
}

function isHttpUrl(text) {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

function isDate(text) {
  if (!datePattern.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A datetime-local value ("2026-11-23T10:00") plus the browser's offset (minutes east of UTC, i.e.
 * `-new Date(value).getTimezoneOffset()`) -> RFC 3339 with that offset ("2026-11-23T10:00:00+01:00"),
 * which keeps the customer's wall-clock time. Null if the value is not a local date-time.
 */
export function localDateTimeToRfc3339(value, offsetMinutes) {
  const match = localDateTimePattern.exec(value);
  if (!match || !isDate(match[1])) return null;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n) => String(n).padStart(2, '0');
  const offset = offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${match[1]}T${match[2]}:${match[3] ?? '00'}${offset}`;
}

/**
 * Builds the POST /complaints body and collects every client-side error.
 * @param {{ category: string, values: Record<string, unknown>, fields: ReturnType<typeof describeField>[],
 *   offsetFor?: (localValue: string) => number }} input `values` maps wire paths to raw values.
 * @returns {{ body?: object, errors: { path: string, id: string, label: string, message: string }[] }}
 */
export function buildComplaint({ category, values, fields, offsetFor = () => 0 }) {
  const errors = [];
  if (!category) errors.push({ path: 'category', id: inputIdFor('category'), label: 'Type of complaint', message: 'choose the type of complaint' });
  const wire = {};
  for (const field of fields) {
    const raw = values[field.path];
    const message = validateField(field, raw);
    if (message) {
      errors.push({ path: field.path, id: field.id, label: field.label, message });
      continue;
    }
    const offset = field.type === 'dateTime' ? offsetFor(String(raw).trim()) : 0;
    const value = toWireValue(field, raw, offset);
    if (value !== undefined) wire[field.path] = value;
  }
  if (errors.length > 0) return { errors };
  const details = {};
  for (const [path, value] of Object.entries(wire)) if (path.startsWith('details.')) details[path.slice('details.'.length)] = value;
  const body = {
    customer: { name: wire['customer.name'], email: wire['customer.email'] },
    category,
    subject: wire.subject,
    description: wire.description,
    channel: 'web',
  };
  if (Object.keys(details).length > 0) body.details = details;
  return { body, errors };
}

/**
 * Maps the server's problem+json `errors[].field` onto the form's inputs. A money field's parts
 * (`details.amount.amountMinor`, `.currency`) land on its amount input or currency select; a field the
 * form does not show (or none at all) yields `id: null`, for the error summary only.
 * @param {{ errors?: { field?: string, message?: string }[], detail?: string, title?: string }} problem
 */
export function problemToFieldErrors(problem, fields) {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  byPath.set('category', { path: 'category', id: inputIdFor('category'), label: 'Type of complaint' });
  const list = Array.isArray(problem?.errors) ? problem.errors : [];
  const mapped = list.map((e) => {
    const path = typeof e?.field === 'string' ? e.field : '';
    const message = typeof e?.message === 'string' && e.message ? e.message : 'is not valid';
    let field = byPath.get(path);
    let id = field?.id ?? null;
    if (!field) {
      const parent = path.replace(/\.[^.]+$/, '');
      const money = byPath.get(parent);
      if (money?.type === 'money') {
        field = money;
        id = path.endsWith('.currency') ? money.currencyId : money.id;
      }
    }
    return { path, id, label: field?.label ?? (path || 'Your complaint'), message };
  });
  if (mapped.length === 0) {
    const message = problem?.detail || problem?.title || 'The complaint could not be accepted.';
    mapped.push({ path: '', id: null, label: 'Your complaint', message });
  }
  return mapped;
}
