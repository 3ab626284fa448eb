import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotificationTemplateSchema } from '../../../functions/domain/lifecycle';
import { humanizeVars, listPresets, loadPolicy, MessageError, PLACEHOLDERS, renderMessage, templateNames } from '../../../functions/domain/policy';

const itc = loadPolicy('itc');
const promptearn = loadPolicy('promptearn');
const ackVars = { caseNumber: 'ITC-2026-000001', customerName: 'An', subject: 'Mail <b>down</b> & "out"', resolutionDue: '27/11/2026 16:29', statusUrl: 'https://example.test/case' };

describe('renderMessage', () => {
  it('seed 002: every message starts with "Dear customers" and ends with the closing sentence', () => {
    const m = renderMessage(itc, 'acknowledgment', ackVars);
    expect(m.text.startsWith('Dear customers,\n\n')).toBe(true);
    expect(m.text.endsWith('Thank you for your interest in our products and services.')).toBe(true);
    expect(m.html).toContain('<p>Dear customers,</p>');
    expect(m.language).toBe('en');
  });

  it('renders the Vietnamese set with its own greeting and closing', () => {
    const m = renderMessage(itc, 'staff_reply', { caseNumber: 'ITC-1', message: 'Đã xử lý.', statusUrl: 'https://x.test' }, { language: 'vi' });
    expect(m.text.startsWith('Kính gửi Quý khách,')).toBe(true);
    expect(m.text.endsWith('Cảm ơn Quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi.')).toBe(true);
    expect(m.language).toBe('vi');
    // An unknown language falls back to the policy's own language, greeting and closing included.
    expect(renderMessage(itc, 'staff_reply', { caseNumber: 'ITC-1', message: 'ok', statusUrl: 'https://x.test' }, { language: 'fr' }).language).toBe('en');
    // A template the translation lacks is sent whole in English, never with a Vietnamese greeting on an English body.
    const closed = renderMessage(itc, 'closed', { caseNumber: 'ITC-1', statusUrl: 'https://x.test' }, { language: 'vi' });
    expect(closed.language).toBe('en');
    expect(closed.text.startsWith('Dear customers,')).toBe(true);
  });

  it('escapes user text in HTML and keeps the subject header-safe', () => {
    const m = renderMessage(promptearn, 'acknowledgment', { ...ackVars, customerName: '<script>alert(1)</script>', subject: 'Hi\r\nBcc: victim@example.com' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.text).toContain('<script>alert(1)</script>'); // plain text is not HTML
    const reply = renderMessage(promptearn, 'escalated_senior', { caseNumber: 'PE-1', rung: 'senior\r\nBcc: x@y.z', seniorResponseDue: 'Monday', statusUrl: 'u' });
    expect(reply.subject).toBe('Case PE-1 escalated to senior Bcc: x@y.z');
    expect(reply.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a message that would break the policy', () => {
    expect(() => renderMessage(promptearn, 'acknowledgment', { ...ackVars, statusUrl: undefined as unknown as string })).toThrow(MessageError);
    expect(() => renderMessage(promptearn, 'acknowledgment', { ...ackVars, statusUrl: undefined as unknown as string })).toThrow(/\{\{statusUrl\}\} has no value/);
    expect(() => renderMessage(itc, 'staff_reply', { caseNumber: 'ITC-1', message: '   ', statusUrl: 'u' })).toThrow(/\{\{message\}\} is empty/);
    expect(() => renderMessage(itc, 'nonexistent', {})).toThrow(/no message template "nonexistent"/);
  });

  it('optional facts: a {{#name}} section appears only when the value is there', () => {
    const base = { caseNumber: 'PE-1', resolution: 'Refunded.', statusUrl: 'https://x.test' };
    const short = renderMessage(promptearn, 'resolution', base);
    expect(short.text).not.toContain('Actions taken');
    const full = renderMessage(promptearn, 'resolution', { ...base, actionsTaken: 'Payout re-sent', nextSteps: 'None' });
    expect(full.text).toContain('Actions taken: Payout re-sent\n\nNext steps: None');
  });

  // The vars the lifecycle passes (functions/domain/lifecycle/decide.ts) plus what the mailer adds.
  const lifecycleVars: Record<string, string> = {
    caseNumber: 'X-2026-000001',
    customerName: 'Ada',
    subject: 'Payout',
    resolutionDue: 'Mon 23 Nov 2026, 10:00',
    statusUrl: 'https://x.test/case',
    message: 'We are on it.',
    questions: 'Which bank?',
    resolution: 'Refunded.',
    rung: 'Senior Support Representative',
    trigger: 'customer',
    notice: 'We recommend an independent mediation service.',
    reason: 'unresolved',
    amount: 'NGN 1234.56',
    reference: 'order ORD-77',
    outcome: 'we accepted the dispute',
    incidentTitle: 'Checkout payments fail',
    alternativeContacts: 'Phone: +1 555 0100',
    // The notice to a previous address after an email correction (the notifier's vars, functions/adapters/notifier.ts).
    changedAt: '2026-11-23T10:00:00Z',
    newAddress: 'a***@example.net',
  };

  it.each(listPresets())('%s: every customer notification renders with the lifecycle vars, framed by the policy', (name) => {
    const policy = loadPolicy(name);
    for (const template of templateNames(policy)) {
      const m = renderMessage(policy, template, lifecycleVars);
      expect(m.subject.length, `${name}/${template}`).toBeGreaterThan(5);
      if (policy.messages.greeting) expect(m.text.startsWith(policy.messages.greeting)).toBe(true);
      if (policy.messages.closing) expect(m.text.endsWith(policy.messages.closing)).toBe(true);
      expect(m.text).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('the acknowledgment prints the due time in the calendar zone, named, never the raw instant', () => {
    const m = renderMessage(itc, 'acknowledgment', { ...ackVars, resolutionDue: '2026-12-10T09:30:00Z' });
    expect(m.text).toContain('the latest processing date is Thursday, 10 December 2026 at 16:30 (Ho Chi Minh City Time, GMT+7).');
    expect(m.text).not.toContain('2026-12-10T09:30');
  });

  it('a Vietnamese message gets the due time in Vietnamese; options.timeZone picks the case calendar\'s zone', () => {
    const vi = renderMessage(itc, 'acknowledgment', { ...ackVars, resolutionDue: '2026-12-10T09:30:00Z' }, { language: 'vi' });
    expect(vi.language).toBe('vi');
    expect(vi.text).toContain('lúc 16:30 Thứ Năm, 10 tháng 12, 2026 (Giờ TP Hồ Chí Minh, GMT+7)');
    const ny = renderMessage(promptearn, 'escalated_senior', { caseNumber: 'PE-1', rung: 'Senior', seniorResponseDue: '2026-11-02T21:00:00Z', statusUrl: 'u' }, { timeZone: 'America/New_York' });
    expect(ny.text).toContain('Monday, 2 November 2026 at 16:00 (New York Time, GMT-5)');
  });

  it('humanizeVars leaves values that are not whole instants as written', () => {
    const out = humanizeVars(itc, { message: 'Paid on 2026-12-10, ref 42', questions: '2026-12-10T09:30:00Z?' });
    expect(out).toEqual({ message: 'Paid on 2026-12-10, ref 42', questions: '2026-12-10T09:30:00Z?' });
  });

  // An ISO-8601 date-time anywhere in a message: what must never reach a customer's inbox.
  const ISO_DATE_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/i;
  const instantArb = fc
    .tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.constantFrom('Z', 'ms', '+07:00', '-05:00', '+05:45'))
    .map(([d, form]) => {
      if (form === 'Z') return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (form === 'ms') return d.toISOString();
      const sign = form[0] === '-' ? -1 : 1;
      const offsetMin = sign * (Number(form.slice(1, 3)) * 60 + Number(form.slice(4, 6)));
      const local = new Date(d.getTime() + offsetMin * 60_000).toISOString().slice(0, 19);
      return `${local}${form}`;
    });
  const textArb = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !ISO_DATE_TIME.test(s));

  it('every notification the lifecycle sends to a customer has a template in every preset', () => {
    const staffOnly = new Set(['customer_message', 'breach', 'case_assigned']);
    for (const name of listPresets()) {
      const known = templateNames(loadPolicy(name));
      for (const t of NotificationTemplateSchema.options.filter((t) => !staffOnly.has(t))) expect(known, `${name}/${t}`).toContain(t);
    }
  });

  it.each(listPresets())('%s: no rendered subject or body ever shows an ISO-8601 instant, whichever var carries one, in every language', (name) => {
    const policy = loadPolicy(name);
    const languages = [policy.messages.language, ...Object.keys(policy.messages.translations)];
    const zones = [...new Set(Object.values(policy.calendars).map((c) => c.timeZone))];
    // Every placeholder a template may use gets either an instant (in any RFC 3339 form) or plain text.
    const varsArb = fc.record(Object.fromEntries(PLACEHOLDERS.map((p) => [p, fc.oneof(instantArb, textArb)])) as Record<(typeof PLACEHOLDERS)[number], fc.Arbitrary<string>>);
    fc.assert(
      fc.property(fc.constantFrom(...templateNames(policy)), fc.constantFrom(...languages), fc.constantFrom(...zones, undefined), varsArb, (template, language, timeZone, vars) => {
        const m = renderMessage(policy, template, vars, { language, ...(timeZone ? { timeZone } : {}) });
        expect(m.subject).not.toMatch(ISO_DATE_TIME);
        expect(m.text).not.toMatch(ISO_DATE_TIME);
        expect(m.html).not.toMatch(ISO_DATE_TIME);
      }),
      { numRuns: 150 },
    );
  });
});
