import { describe, expect, it } from 'vitest';
import { parseComplaintRequest } from '../../functions/domain/complaint';
import { loadPolicy } from '../../functions/domain/policy';
import {
  buildComplaint,
  commonFields,
  describeCategory,
  describeField,
  localDateTimeToRfc3339,
  problemToFieldErrors,
  validateField,
  type Field,
  type RawValue,
} from '../../web/js/fields.js';

const policy = loadPolicy('promptearn');
const common = commonFields.map(describeField);
const commonValues: Record<string, RawValue> = {
  subject: 'Commission missing',
  description: 'A sale on 3 November shows no commission.',
  'customer.name': 'Ada Obi',
  'customer.email': 'ada@example.com',
};

/** A value a customer could type that satisfies the field (and its pattern, if any). */
function validRaw(field: Field): RawValue {
  switch (field.type) {
    case 'email':
      return 'someone@example.com';
    case 'url':
      return 'https://example.com/page';
    case 'date':
      return '2026-11-02';
    case 'dateTime':
      return '2026-11-02T14:30';
    case 'enum':
      return field.options![0];
    case 'money':
      return { amount: '1,250.50', currency: 'NGN' };
    default:
      return ['Some text', '1234', '12'].find((t) => !field.pattern || new RegExp(field.pattern).test(t));
  }
}

describe('describeField', () => {
  it('turns each FieldSpec type into the matching control', () => {
    const d = (type: string, extra = {}) => describeField({ name: 'x', label: 'X', type, ...extra });
    expect(d('text').attributes.type).toBe('text');
    expect(d('longText').element).toBe('textarea');
    expect(d('email').attributes.type).toBe('email');
    expect(d('url').attributes.type).toBe('url');
    expect(d('date').attributes.type).toBe('date');
    expect(d('dateTime').attributes.type).toBe('datetime-local');
    expect(d('enum', { options: ['a', 'b'] })).toMatchObject({ element: 'select', options: ['a', 'b'] });
    expect(d('money').attributes).toMatchObject({ type: 'text', inputmode: 'decimal' });
    expect(d('text', { maxLength: 4 }).attributes.maxlength).toBe('4');
  });

  it('names inputs by the wire path the server reports errors at', () => {
    const field = describeField({ name: 'prospectEmail', label: "Prospect's email", type: 'email' });
    expect(field).toMatchObject({ path: 'details.prospectEmail', id: 'f-details-prospectEmail', required: true });
    expect(describeField({ path: 'customer.email', label: 'Email', type: 'email' }).id).toBe('f-customer-email');
  });

  it('falls back to a text input for a type it does not know, and treats a missing `required` as required', () => {
    const field = describeField({ name: 'colour', label: 'Colour', type: 'colourPicker' });
    expect(field).toMatchObject({ type: 'text', element: 'input', required: true });
    expect(field.attributes.type).toBe('text');
    expect(validateField(field, 'teal')).toBeNull();
  });

  it('offers the currencies a money field lists, else every ISO 4217 code Intl knows', () => {
    expect(describeField({ name: 'a', label: 'A', type: 'money', options: ['NGN', 'USD', 'NOPE'] })).toMatchObject({
      currencies: ['NGN', 'USD'],
      defaultCurrency: 'NGN',
    });
    const any = describeField({ name: 'a', label: 'A', type: 'money' });
    expect(any.currencies).toContain('NGN');
    expect(any.currencies!.length).toBeGreaterThan(100);
    expect(any.defaultCurrency).toBe('USD');
  });
});

describe('validateField', () => {
  const field = (spec: object) => describeField({ name: 'x', label: 'Thing', type: 'text', ...spec });

  it('requires required fields and lets empty optional ones through', () => {
    expect(validateField(field({}), '  ')).toBe('Thing is required');
    expect(validateField(field({ required: false }), '')).toBeNull();
    expect(validateField(field({ type: 'money' }), { amount: '', currency: 'USD' })).toBe('Thing is required');
  });

  it('checks each type as the server does', () => {
    expect(validateField(field({ type: 'email' }), 'a@b')).toBe('must be an email address'); // type=email would allow this
    expect(validateField(field({ type: 'url' }), 'ftp://example.com')).toBe('must be an http(s) URL');
    expect(validateField(field({ type: 'date' }), '2026-02-30')).toBe('must be a date, YYYY-MM-DD');
    expect(validateField(field({ type: 'dateTime' }), '2026-11-02')).toBe('must be a date and time');
    expect(validateField(field({ type: 'enum', options: ['a'] }), 'b')).toBe('choose one of: a');
    expect(validateField(field({ pattern: '^[0-9]{4}$', patternMessage: 'four digits' }), '123')).toBe('four digits');
    expect(validateField(field({ maxLength: 3 }), 'abcd')).toBe('at most 3 characters');
    expect(validateField(field({ type: 'money' }), { amount: '1.234', currency: 'USD' })).toBe('use at most 2 decimal places for USD');
  });
});

describe('localDateTimeToRfc3339', () => {
  it('keeps the customer wall-clock time with the browser offset', () => {
    expect(localDateTimeToRfc3339('2026-11-02T14:30', 60)).toBe('2026-11-02T14:30:00+01:00');
    expect(localDateTimeToRfc3339('2026-11-02T14:30:15', -330)).toBe('2026-11-02T14:30:15-05:30');
    expect(localDateTimeToRfc3339('2026-11-02T14:30', 0)).toBe('2026-11-02T14:30:00Z');
    expect(localDateTimeToRfc3339('2026-13-02T14:30', 0)).toBeNull();
  });
});

describe('buildComplaint agrees with the server (parseComplaintRequest, seed policy promptearn)', () => {
  for (const category of policy.categories) {
    it(`${category.slug}: a form filled with valid values is accepted by the server as sent`, () => {
      const fields = [...describeCategory(category), ...common];
      const values = { ...commonValues, ...Object.fromEntries(fields.filter((f) => !(f.path in commonValues)).map((f) => [f.path, validRaw(f)])) };
      const { body, errors } = buildComplaint({ category: category.slug, values, fields, offsetFor: () => 60 });
      expect(errors).toEqual([]);
      expect(body).toMatchObject({ channel: 'web', category: category.slug, customer: { email: 'ada@example.com' } });
      const parsed = parseComplaintRequest(policy, body);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    });
  }

  it('sends money as exact minor units plus currency, and leaves empty optional details out', () => {
    const category = policy.categories.find((c) => c.slug === 'refund_request')!;
    const fields = [...describeCategory(category), ...common];
    const values: Record<string, RawValue> = { ...commonValues, 'details.amount': { amount: '19.99', currency: 'USD' }, 'details.reason': 'Never arrived' };
    for (const f of fields) if (!(f.path in values)) values[f.path] = f.required ? validRaw(f) : '';
    const { body } = buildComplaint({ category: 'refund_request', values, fields });
    const details = (body as { details: Record<string, unknown> }).details;
    expect(details.amount).toEqual({ amountMinor: 1999, currency: 'USD' });
    for (const f of fields.filter((x) => !x.required && x.path.startsWith('details.'))) expect(details).not.toHaveProperty(f.path.slice(8));
  });

  it('flags the same fields the server would for a missing detail, a bad email and a bad pattern', () => {
    const commission = policy.categories.find((c) => c.slug === 'commission_dispute')!;
    const payout = policy.categories.find((c) => c.slug === 'payout_delay')!;
    const cases = [
      { category: commission, overrides: { 'details.prospectName': '' } },
      { category: commission, overrides: { 'details.prospectEmail': 'prospect@localhost', 'customer.email': 'me@' } },
      { category: payout, overrides: { 'details.accountLast4': '12345', 'details.withdrawalDate': '2026-02-29' } },
    ];
    for (const { category, overrides } of cases) {
      const fields = [...describeCategory(category), ...common];
      const values: Record<string, RawValue> = { ...Object.fromEntries(fields.map((f) => [f.path, validRaw(f)])), ...commonValues, ...overrides };
      const client = buildComplaint({ category: category.slug, values, fields });
      expect(client.body).toBeUndefined();
      // What the server says about the same raw strings (money left valid, sent as the client would).
      const asSent = { customer: { name: values['customer.name'], email: values['customer.email'] }, category: category.slug, subject: values.subject, description: values.description, channel: 'web', details: {} as Record<string, unknown> };
      for (const f of fields.filter((x) => x.path.startsWith('details.'))) {
        const raw = values[f.path];
        if (f.type === 'money') asSent.details[f.path.slice(8)] = { amountMinor: 1, currency: 'NGN' };
        else if (raw !== '') asSent.details[f.path.slice(8)] = raw;
      }
      const server = parseComplaintRequest(policy, asSent);
      expect(server.ok).toBe(false);
      const serverFields = server.ok ? [] : server.errors.map((e) => e.field).sort();
      expect(client.errors.map((e) => e.path).sort()).toEqual(serverFields);
    }
  });

  it('asks for a category before anything else is sent', () => {
    const { body, errors } = buildComplaint({ category: '', values: commonValues, fields: common });
    expect(body).toBeUndefined();
    expect(errors).toEqual([{ path: 'category', id: 'f-category', label: 'Type of complaint', message: 'choose the type of complaint' }]);
  });
});

describe('problemToFieldErrors', () => {
  const fields = [
    describeField({ name: 'prospectEmail', label: "Prospect's email", type: 'email' }),
    describeField({ name: 'amount', label: 'Amount', type: 'money' }),
    ...common,
  ];

  it('maps each errors[].field onto its input, money parts onto the amount or currency control', () => {
    const problem = {
      type: 'about:blank',
      title: 'Invalid complaint',
      errors: [
        { field: 'details.prospectEmail', message: 'must be an email address' },
        { field: 'customer.email', message: 'must be an email address' },
        { field: 'details.amount.amountMinor', message: 'must be a whole number of minor units' },
        { field: 'details.amount.currency', message: 'must be an ISO 4217 currency code' },
        { field: 'category', message: 'unknown category' },
      ],
    };
    expect(problemToFieldErrors(problem, fields).map((e) => [e.id, e.label])).toEqual([
      ['f-details-prospectEmail', "Prospect's email"],
      ['f-customer-email', 'Your email address'],
      ['f-details-amount', 'Amount'],
      ['f-details-amount-currency', 'Amount'],
      ['f-category', 'Type of complaint'],
    ]);
  });

  it('keeps errors for fields the form does not show, and falls back to the problem detail', () => {
    expect(problemToFieldErrors({ errors: [{ field: 'details.legacy', message: 'unknown field "legacy"' }] }, fields)).toEqual([
      { path: 'details.legacy', id: null, label: 'details.legacy', message: 'unknown field "legacy"' },
    ]);
    expect(problemToFieldErrors({ title: 'Conflict', detail: 'This key was used for another complaint.' }, fields)).toEqual([
      { path: '', id: null, label: 'Your complaint', message: 'This key was used for another complaint.' },
    ]);
    expect(problemToFieldErrors(null, fields)[0]!.message).toBe('The complaint could not be accepted.');
  });
});
