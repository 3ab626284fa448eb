// The hosted complaint form: loads the policy's categories, shows exactly the fields the chosen one needs,
// validates as the server does, and sends the complaint once (an Idempotency-Key per form fill).

import { normalizeDeadlines, statusLinkFor } from './case-view.js';
import { apiUrl, el, readJson, timeElement } from './dom.js';
import { sendFile } from './uploads.js';
import { buildComplaint, commonFields, describeCategory, describeField, problemToFieldErrors, validateField } from './fields.js';

const form = /** @type {HTMLFormElement} */ (document.getElementById('complaint-form'));
const categorySelect = /** @type {HTMLSelectElement} */ (document.getElementById('f-category'));
const categoryHelp = document.getElementById('f-category-help');
const detailsSet = document.getElementById('details');
const detailsLegend = document.getElementById('details-legend');
const detailsFields = document.getElementById('details-fields');
const summary = document.getElementById('error-summary');
const summaryList = document.getElementById('error-summary-list');
const statusLine = document.getElementById('status');
const submitButton = document.getElementById('submit');
const success = document.getElementById('success');
const filesInput = /** @type {HTMLInputElement} */ (document.getElementById('f-files'));
const filesSection = document.getElementById('success-files');
const filesList = document.getElementById('success-files-list');

let categories = [];
let detailFields = [];
const common = commonFields.map((spec) => describeField(spec));

// One key per form fill: a retry after a lost response or a double click reuses it, so the server
// returns the same case instead of opening a second one. Replaced once the server has answered for sure.
let idempotencyKey = crypto.randomUUID();
let sending = false;

const allFields = () => [...detailFields, ...common];

function renderField(field) {
  const helpId = field.help ? `${field.id}-help` : undefined;
  const errorId = `${field.id}-error`;
  const describedBy = [helpId].filter(Boolean).join(' ') || undefined;
  const base = {
    id: field.id,
    name: field.path,
    required: field.required,
    'aria-required': field.required ? 'true' : undefined,
    'aria-describedby': describedBy,
    'data-described-by': describedBy ?? '',
    ...field.attributes,
  };
  let control;
  if (field.element === 'textarea') control = el('textarea', base);
  else if (field.element === 'select') {
    control = el('select', base, el('option', { value: '' }, 'Choose…'), field.options.map((o) => el('option', { value: o }, o)));
  } else control = el('input', base);

  const label = el('label', { for: field.id }, field.label, field.required ? '' : el('span', { class: 'optional' }, ' (optional)'));
  const help = field.help ? el('p', { class: 'help', id: helpId }, field.help) : null;
  const error = el('p', { class: 'field-error', id: errorId, hidden: true });

  let input = control;
  if (field.type === 'money') {
    const currency = el(
      'select',
      { id: field.currencyId, name: `${field.path}.currency`, 'aria-describedby': describedBy, 'data-described-by': describedBy ?? '' },
      field.currencies.map((code) => el('option', { value: code, selected: code === field.defaultCurrency }, code)),
    );
    input = el(
      'div',
      { class: 'money' },
      control,
      el('label', { for: field.currencyId, class: 'currency-label' }, 'Currency'),
      currency,
    );
  }
  return el('div', { class: 'field', id: `${field.id}-group` }, label, help, error, input);
}

function rawValue(field) {
  const control = /** @type {HTMLInputElement} */ (document.getElementById(field.id));
  if (field.type === 'money') {
    const currency = /** @type {HTMLSelectElement} */ (document.getElementById(field.currencyId));
    return { amount: control.value, currency: currency.value };
  }
  return control.value;
}

/** Minutes east of UTC for a local date-time typed into this browser (DST-aware for that date). */
const offsetFor = (localValue) => -new Date(localValue).getTimezoneOffset();

function setFieldError(id, message) {
  const control = /** @type {HTMLInputElement | null} */ (document.getElementById(id));
  if (!control) return false;
  // A money field's currency select shares its amount's error line.
  const errorId = (document.getElementById(`${id}-error`) ? id : id.replace(/-currency$/, '')) + '-error';
  const error = document.getElementById(errorId);
  const group = error?.closest('.field');
  const own = control.dataset.describedBy ?? '';
  if (message) {
    control.setCustomValidity(message);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [errorId, own].filter(Boolean).join(' '));
    if (error) {
      error.replaceChildren(el('span', { class: 'error-prefix' }, 'Error: '), message);
      error.hidden = false;
    }
    group?.classList.add('has-error');
  } else {
    control.setCustomValidity('');
    control.removeAttribute('aria-invalid');
    if (own) control.setAttribute('aria-describedby', own);
    else control.removeAttribute('aria-describedby');
    if (error && errorId === `${id}-error`) {
      error.hidden = true;
      error.replaceChildren();
      group?.classList.remove('has-error');
    }
  }
  return true;
}

function clearErrors() {
  for (const node of form.querySelectorAll('[aria-invalid="true"]')) setFieldError(node.id, null);
  summary.hidden = true;
  summaryList.replaceChildren();
}

/** Shows every error beside its field and in the summary, then moves focus to the summary so it is read out. */
function showErrors(errors) {
  clearErrors();
  const items = errors.map((e) => {
    const onForm = e.id ? setFieldError(e.id, e.message) : false;
    const text = e.message.startsWith(e.label) ? e.message : `${e.label}: ${e.message}`;
    return el('li', {}, onForm ? el('a', { href: `#${e.id}`, 'data-target': e.id }, text) : text);
  });
  summaryList.replaceChildren(...items);
  summary.hidden = false;
  statusLine.textContent = '';
  summary.focus();
}

// Links in the summary move focus to the field itself, not only scroll to it.
summaryList.addEventListener('click', (event) => {
  const link = /** @type {HTMLElement} */ (event.target).closest('a[data-target]');
  if (!link) return;
  event.preventDefault();
  document.getElementById(link.dataset.target)?.focus();
});

// Once a field has been flagged, re-check it as the customer corrects it, so the error goes away.
form.addEventListener('change', (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const id = target.id.replace(/-currency$/, '');
  const field = allFields().find((f) => f.id === id);
  const control = field && document.getElementById(field.id);
  if (!field || control?.getAttribute('aria-invalid') !== 'true') return;
  const message = validateField(field, rawValue(field));
  setFieldError(field.id, message);
  if (!message && field.currencyId) setFieldError(field.currencyId, null);
});

function showCategory() {
  const category = categories.find((c) => c.slug === categorySelect.value);
  categoryHelp.textContent = category?.description || 'Choose the one closest to your problem; it decides what we ask next.';
  detailFields = describeCategory(category);
  detailsFields.replaceChildren(...detailFields.map(renderField));
  detailsLegend.textContent = category ? `About your ${category.label.toLowerCase()} complaint` : '';
  detailsSet.hidden = detailFields.length === 0;
  if (categorySelect.getAttribute('aria-invalid') === 'true' && category) setFieldError(categorySelect.id, null);
}

async function loadCategories() {
  statusLine.textContent = 'Loading the types of complaint…';
  try {
    const response = await fetch(apiUrl('categories'), { headers: { accept: 'application/json' } });
    const data = response.ok ? await readJson(response) : null;
    if (!Array.isArray(data?.categories)) throw new Error(`categories: HTTP ${response.status}`);
    categories = data.categories;
    categorySelect.replaceChildren(
      el('option', { value: '' }, 'Choose…'),
      ...categories.map((c) => el('option', { value: c.slug }, c.label)),
    );
    statusLine.textContent = '';
    showCategory();
  } catch {
    statusLine.replaceChildren(
      'We could not load the form. Check your connection, then ',
      el('button', { type: 'button', class: 'link-button', id: 'retry-load' }, 'try again'),
      '.',
    );
    document.getElementById('retry-load')?.addEventListener('click', loadCategories, { once: true });
  }
}

function showSuccess(created) {
  const link = statusLinkFor(created, location.origin);
  document.getElementById('case-number').textContent = created.caseNumber ?? '';
  const statusLink = /** @type {HTMLAnchorElement} */ (document.getElementById('status-link'));
  statusLink.href = link;
  const deadlines = normalizeDeadlines(created.deadlines);
  document.getElementById('success-deadlines').replaceChildren(
    ...deadlines.map((d) => el('li', {}, el('strong', {}, `${d.label}: `), 'by ', timeElement(d.due))),
  );
  document.getElementById('success-deadlines-intro').hidden = deadlines.length === 0;
  form.hidden = true;
  summary.hidden = true;
  document.querySelector('.intro')?.setAttribute('hidden', '');
  success.hidden = false;
  statusLine.textContent = '';
  document.getElementById('success-title').focus();
}

/**
 * Adds the chosen files to the case just filed, one after the other, each with its own line that says how it went.
 * The complaint is filed whatever happens to a file: a refused one is named with the reason, and the case page
 * takes it again.
 */
async function sendFiles(created, files) {
  filesSection.hidden = files.length === 0;
  const lines = files.map((file) => el('li', { class: 'hint' }, `Adding “${file.name}” to your case…`));
  filesList.replaceChildren(...lines);
  for (const [i, file] of files.entries()) {
    let outcome;
    try {
      outcome = await sendFile(created.id, created.accessToken, file);
    } catch {
      outcome = { ok: false, message: `“${file.name}” did not go through: we could not reach our service. You can add it from your case page.` };
    }
    lines[i].className = `action-result ${outcome.ok ? 'ok' : 'refused'}`;
    lines[i].textContent = outcome.message;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return; // a double click while the first request is in flight sends nothing more
  const values = Object.fromEntries(allFields().map((f) => [f.path, rawValue(f)]));
  const { body, errors } = buildComplaint({ category: categorySelect.value, values, fields: allFields(), offsetFor });
  if (!body) {
    showErrors(errors);
    return;
  }
  clearErrors();
  sending = true;
  submitButton.setAttribute('aria-disabled', 'true');
  statusLine.textContent = 'Sending your complaint…';
  try {
    const response = await fetch(apiUrl('complaints'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, application/problem+json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const data = await readJson(response);
    if (response.ok && data?.id) {
      idempotencyKey = crypto.randomUUID();
      const files = [...(filesInput.files ?? [])];
      showSuccess(data);
      if (files.length > 0 && data.accessToken) await sendFiles(data, files);
    } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      // The server refused this body and wrote nothing: a corrected complaint is a new request.
      idempotencyKey = crypto.randomUUID();
      showErrors(problemToFieldErrors(data, allFields()));
    } else {
      statusLine.textContent = 'We could not send your complaint just now. Please try again: it will not be sent twice.';
    }
  } catch {
    statusLine.textContent = 'We could not reach our service. Check your connection and send again: it will not be sent twice.';
  } finally {
    sending = false;
    submitButton.removeAttribute('aria-disabled');
  }
});

document.getElementById('new-complaint').addEventListener('click', () => {
  form.reset();
  filesList.replaceChildren();
  filesSection.hidden = true;
  showCategory();
  success.hidden = true;
  form.hidden = false;
  document.querySelector('.intro')?.removeAttribute('hidden');
  categorySelect.focus();
});

categorySelect.addEventListener('change', showCategory);
// The common fields come from the same descriptors as a category's details: render them once.
for (const field of common) {
  const slot = document.getElementById(field.path.startsWith('customer.') ? 'about-you-fields' : 'complaint-fields');
  slot.append(renderField(field));
}
loadCategories();
