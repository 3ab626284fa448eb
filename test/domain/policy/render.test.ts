import { describe, expect, it } from 'vitest';
import { listPresets, loadPolicy, MessageError, renderMessage, templateNames } from '../../../functions/domain/policy';

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
});
