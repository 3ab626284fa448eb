import { describe, expect, it } from 'vitest';
import { generateLayoutModule, layoutPath } from '../../../tools/email-layout';
import { readFileSync } from 'node:fs';
import { DEFAULT_BRANDING, loadPolicy, renderMessage, type Policy } from '../../../functions/domain/policy';

const promptearn = loadPolicy('promptearn');
const branded: Policy = {
  ...promptearn,
  branding: { companyName: 'Promptearn & Co', supportAddress: 'help@promptearn.example', primaryColor: '#0b6e4f', onPrimaryColor: '#fdfdfd' },
};
const link = 'https://redress.example/case.html?id=8d3f1c2a-5b6e-4f70-9a81-0c2d3e4f5a6b#access=AbCdEfGh.act.tq3z00.0123456789abcdefABCDEF';
const vars = { caseNumber: 'PE-2026-000007', customerName: 'Ada', subject: 'Withdrawal <late>', resolutionDue: '2026-11-25T16:00:00Z', statusUrl: link };

describe('HTML email', () => {
  it('is the MJML layout: a responsive, table-based document with a plain-text twin', () => {
    // Act
    const m = renderMessage(promptearn, 'acknowledgment', vars);
    // Assess: the viewport and the one-column media query MJML writes for narrow screens (390 px phones).
    expect(m.html).toMatch(/^<!doctype html>/i);
    expect(m.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(m.html).toMatch(/@media only screen and \(min-width:480px\)/);
    expect(m.html).toContain('lang="en"');
    expect(m.html).toContain('<title>We received your complaint PE-2026-000007</title>');
    // Every slot is filled: nothing of the layout's placeholders or sentinel colours reaches a customer.
    expect(m.html).not.toMatch(/\{\{|#010203|#040506|lang="zz"/);
    // The text part keeps the whole link (plain text has no anchors); times are humanized in both.
    expect(m.text).toContain(link);
    expect(m.text).not.toContain('2026-11-25T16:00');
    expect(m.html).not.toContain('2026-11-25T16:00');
  });

  it('makes the status link an anchor named by the case number, never the long URL as text', () => {
    const m = renderMessage(promptearn, 'staff_reply', { caseNumber: 'PE-2026-000007', message: 'We paid it today.', statusUrl: link });
    const anchors = [...m.html.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map(([, href, label]) => ({ href, label }));
    expect(anchors).toContainEqual({ href: link, label: 'PE-2026-000007' });
    expect(m.html.replace(/href="[^"]*"/g, '')).not.toContain('#access=');
  });

  it("wears the policy's branding: company name, support address, colours; defaults without it", () => {
    const m = renderMessage(branded, 'acknowledgment', vars);
    expect(m.html).toContain('Promptearn &amp; Co');
    expect(m.html).toContain('<a href="mailto:help@promptearn.example">help@promptearn.example</a>');
    expect(m.html).toContain('#0b6e4f');
    expect(m.html).toContain('#fdfdfd');
    const plain = renderMessage(promptearn, 'acknowledgment', vars);
    expect(plain.html).toContain(DEFAULT_BRANDING.primaryColor);
    expect(plain.html).not.toContain('mailto:');
  });

  it('escapes what people wrote, in the body, title and preview alike', () => {
    const m = renderMessage(branded, 'staff_reply', { caseNumber: 'PE-1', message: '<img src=x onerror=alert(1)> {{{body}}}', statusUrl: 'https://x.test/"><script>' });
    expect(m.html).not.toContain('<img');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt; {{{body}}}');
    expect(m.html).toContain('href="https://x.test/&quot;&gt;&lt;script&gt;"');
  });

  it('the committed layout is what MJML compiles from email-layout.mjml (regenerate: npx tsx tools/email-layout.ts)', async () => {
    expect(readFileSync(layoutPath, 'utf8')).toBe(await generateLayoutModule());
  });
});
