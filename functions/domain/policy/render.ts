import type { Policy } from './schema';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Fills `{{name}}` placeholders; a placeholder with no value is an error, never an empty hole in a customer email. */
function fill(template: string, vars: Record<string, string>, escape: (s: string) => string): string {
  return template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return escape(value);
  });
}

/**
 * Renders one of the policy's message templates. The policy's greeting and closing frame every message, so a
 * policy such as "replies always start with 'Dear customers'" cannot be forgotten by a template or an agent.
 */
export function renderMessage(policy: Policy, templateName: string, vars: Record<string, string>): RenderedMessage {
  const template = policy.messages.templates[templateName];
  if (!template) throw new Error(`policy "${policy.name}" has no message template "${templateName}"`);
  const { greeting, closing } = policy.messages;
  const frame = (body: string) => [greeting, body, closing].filter((x): x is string => Boolean(x)).join('\n\n');
  const text = frame(fill(template.body, vars, (s) => s));
  const htmlBody = frame(fill(template.body, vars, escapeHtml).replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br>'));
  return {
    subject: fill(template.subject, vars, (s) => s.replace(/[\r\n]+/g, ' ')),
    text,
    html: `<!doctype html><html><body><p>${htmlBody.replace(/\n\n/g, '</p><p>')}</p></body></html>`,
  };
}
