import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createdResponse, openCase, parseComplaintRequest, statusUrl } from '../../functions/domain/complaint';
import { loadPolicy } from '../../functions/domain/policy';

const policy = loadPolicy('promptearn');

const valid = () => ({
  customer: { name: 'Ada Obi', email: 'ada@example.com' },
  category: 'commission_dispute',
  subject: 'Commission missing',
  description: 'My prospect bought the course but my dashboard shows nothing.',
  details: { prospectName: 'Bola', prospectEmail: 'bola@example.com', saleDate: '2026-11-20' },
});

const fields = (r: ReturnType<typeof parseComplaintRequest>) => (r.ok ? [] : r.errors.map((e) => e.field));

describe('parseComplaintRequest', () => {
  it('accepts a complete commission dispute and defaults the channel to api', () => {
    const r = parseComplaintRequest(policy, valid());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.channel).toBe('api');
      expect(r.value.details).toEqual(valid().details);
    }
  });

  it('names the missing detail field of the chosen category', () => {
    const body = valid();
    delete (body.details as Partial<typeof body.details>).prospectEmail;
    expect(fields(parseComplaintRequest(policy, body))).toEqual(['details.prospectEmail']);
  });

  it('an email or a direct message may lack the required details (it cannot carry them); a malformed one is still refused', () => {
    for (const channel of ['email', 'social'] as const) {
      const parsed = parseComplaintRequest(policy, { ...valid(), channel, details: {} });
      expect(parsed.ok && parsed.value.details).toEqual({});
      expect(fields(parseComplaintRequest(policy, { ...valid(), channel, details: { prospectEmail: 'nope' } }))).toEqual(['details.prospectEmail']);
    }
    expect(fields(parseComplaintRequest(policy, { ...valid(), channel: 'api', details: {} }))).toEqual(['details.prospectName', 'details.prospectEmail']);
  });

  it('names a malformed detail and a malformed customer email together', () => {
    const body = { ...valid(), customer: { name: 'Ada', email: 'not-an-email' } };
    body.details.prospectEmail = 'nope';
    expect(fields(parseComplaintRequest(policy, body)).sort()).toEqual(['customer.email', 'details.prospectEmail']);
  });

  it('refuses an unknown category on the category field', () => {
    const r = parseComplaintRequest(policy, { ...valid(), category: 'alien_abduction' });
    expect(fields(r)).toEqual(['category']);
  });

  it('refuses unknown top-level and detail fields by name', () => {
    const body = { ...valid(), detail: {}, details: { ...valid().details, extra: 1 } };
    expect(fields(parseComplaintRequest(policy, body)).sort()).toEqual(['detail', 'details.extra']);
  });

  it('requires money as integer minor units with an ISO 4217 currency', () => {
    const base = {
      ...valid(),
      category: 'payout_delay',
      details: { bankName: 'GTBank', accountLast4: '1234', withdrawalDate: '2026-11-21', amount: { amountMinor: 1050.5, currency: 'NGN' } },
    };
    expect(fields(parseComplaintRequest(policy, base))).toEqual(['details.amount.amountMinor']);
    const wrongCurrency = { ...base, details: { ...base.details, amount: { amountMinor: 105050, currency: 'XYZ' } } };
    expect(fields(parseComplaintRequest(policy, wrongCurrency))).toEqual(['details.amount.currency']);
    const ok = { ...base, details: { ...base.details, amount: { amountMinor: 105050, currency: 'NGN' } } };
    expect(parseComplaintRequest(policy, ok).ok).toBe(true);
  });

  it('reports a body that is not an object at "body"', () => {
    expect(fields(parseComplaintRequest(policy, [1, 2]))).toEqual(['body']);
    expect(fields(parseComplaintRequest(policy, null))).toEqual(['body']);
  });

  it('reports details that are not an object at "details"', () => {
    expect(fields(parseComplaintRequest(policy, { ...valid(), details: 'x' }))).toEqual(['details']);
  });

  it('never throws, and every error names a field, for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const r = parseComplaintRequest(policy, input);
        if (!r.ok) for (const e of r.errors) expect(e.field.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts any well-formed customer/subject/description for a category without details', () => {
    const text = fc.string({ minLength: 1, maxLength: 150 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(text, text, text, fc.constantFrom('api', 'web', 'email', 'social'), (name, subject, description, channel) => {
        const r = parseComplaintRequest(policy, {
          customer: { name, email: 'x@example.org' },
          category: 'general_inquiry',
          subject,
          description,
          channel,
        });
        expect(r.ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reports exactly the fields that were broken, for any subset of breakages', () => {
    const breakers = {
      'customer.email': (b: ReturnType<typeof valid>) => ((b.customer as { email: unknown }).email = 42),
      subject: (b: ReturnType<typeof valid>) => ((b as { subject: unknown }).subject = '   '),
      description: (b: ReturnType<typeof valid>) => delete (b as Partial<ReturnType<typeof valid>>).description,
      'details.saleDate': (b: ReturnType<typeof valid>) => (b.details.saleDate = '20/11/2026'),
    } as const;
    fc.assert(
      fc.property(fc.subarray(Object.keys(breakers) as (keyof typeof breakers)[], { minLength: 1 }), (broken) => {
        const body = valid();
        for (const k of broken) breakers[k](body);
        expect(fields(parseComplaintRequest(policy, body)).sort()).toEqual([...broken].sort());
      }),
    );
  });
});

describe('openCase', () => {
  const receivedAt = new Date('2026-11-23T10:00:00Z');
  const parsed = parseComplaintRequest(policy, { ...valid(), channel: 'web' });
  if (!parsed.ok) throw new Error('fixture invalid');
  const { theCase, firstEvent } = openCase(policy, parsed.value, {
    id: '0b6e4a3e-1b1a-4c1e-9c55-0a8f3f1d2e11',
    caseSequence: 123,
    receivedAt,
    accessToken: 'tok',
    accessTokenHash: 'a'.repeat(64),
  });

  it('numbers the case with the policy prefix and the year', () => {
    expect(theCase.caseNumber).toBe('PE-2026-000123');
  });

  it('takes priority and department from the category and plans the three intake clocks', () => {
    const category = policy.categories.find((c) => c.slug === 'commission_dispute')!;
    expect(theCase.priority).toBe(category.defaultPriority);
    expect(theCase.department).toBe(category.department);
    expect(theCase.deadlines.acknowledgment.due).toBe('2026-11-24T10:00:00Z');
    expect(Date.parse(theCase.deadlines.resolution.due)).toBeGreaterThan(receivedAt.getTime());
    expect(theCase.policy).toEqual({ name: 'promptearn', version: policy.version });
  });

  it('writes a customer-visible first event carrying the deadlines', () => {
    expect(firstEvent).toMatchObject({ seq: 1, type: 'received', visibility: 'customer', at: '2026-11-23T10:00:00.000Z' });
    expect(firstEvent.deadlines.map((d) => d.clock)).toEqual(['acknowledgment', 'firstResponse', 'resolution']);
  });

  it('builds the 201 body with a status link that keeps the token in the fragment', () => {
    const body = createdResponse(theCase, 'tok', 'https://redress.example/');
    expect(body.statusUrl).toBe(`https://redress.example/case.html?id=${theCase.id}#token=tok`);
    expect(statusUrl('http://localhost:3000', 'a b', 'x/y')).toBe('http://localhost:3000/case.html?id=a%20b#token=x%2Fy');
  });
});
