import { describe, expect, it } from 'vitest';
import { loadPolicy, MessageError, renderMessage } from '../../../functions/domain/policy';

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
    const m = renderMessage(itc, 'reply', { caseNumber: 'ITC-1', message: 'Đã xử lý.', statusUrl: 'https://x.test' }, { language: 'vi' });
    expect(m.text.startsWith('Kính gửi Quý khách,')).toBe(true);
    expect(m.text.endsWith('Cảm ơn Quý khách đã quan tâm đến sản phẩm và dịch vụ của chúng tôi.')).toBe(true);
    expect(m.language).toBe('vi');
    // An unknown language falls back to the policy's own language, greeting and closing included.
    expect(renderMessage(itc, 'reply', { caseNumber: 'ITC-1', message: 'ok', statusUrl: 'https://x.test' }, { language: 'fr' }).language).toBe('en');
  });

  it('escapes user text in HTML and keeps the subject header-safe', () => {
    const m = renderMessage(promptearn, 'acknowledgment', { ...ackVars, customerName: '<script>alert(1)</script>', subject: 'Hi\r\nBcc: victim@example.com' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.text).toContain('<script>alert(1)</script>'); // plain text is not HTML
    const reply = renderMessage(promptearn, 'escalated', { caseNumber: 'PE-1', customerName: 'A', rung: 'senior\r\nBcc: x@y.z', dueAt: 'Monday', statusUrl: 'u' });
    expect(reply.subject).toBe('Case PE-1 escalated to senior Bcc: x@y.z');
    expect(reply.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a message that would break the policy', () => {
    expect(() => renderMessage(promptearn, 'acknowledgment', { ...ackVars, statusUrl: undefined as unknown as string })).toThrow(MessageError);
    expect(() => renderMessage(promptearn, 'acknowledgment', { ...ackVars, statusUrl: undefined as unknown as string })).toThrow(/\{\{statusUrl\}\} has no value/);
    expect(() => renderMessage(itc, 'reply', { caseNumber: 'ITC-1', message: '   ', statusUrl: 'u' })).toThrow(/\{\{message\}\} is empty/);
    expect(() => renderMessage(itc, 'nonexistent', {})).toThrow(/no message template "nonexistent"/);
  });
});
