import { DEFAULT_TEMPLATES } from './default-templates';
import { calendarZone, formatInstant, isInstant } from './human-time';
import type { MessageTemplate, Policy } from './schema';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The language the message was rendered in. */
  language: string;
}

export interface RenderOptions {
  /** A language tag from the policy's translations; the policy's own language when absent or unknown. */
  language?: string;
  /** The IANA zone instants are shown in (the case's calendar); the policy's default calendar's when absent. */
  timeZone?: string;
}

/** A message that would break the policy (missing value, empty body, unknown template): never sent. */
export class MessageError extends Error {
  override name = 'MessageError';
}

/** Text into HTML: the five characters that could open markup or an attribute, escaped. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subjects become mail headers: no line breaks or control characters (header injection), bounded length. */
const headerSafe = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
const MAX_SUBJECT = 200;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const SECTION = /\{\{\s*#([A-Za-z][A-Za-z0-9]*)\s*\}\}([\s\S]*?)\{\{\s*\/\1\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders; a missing or blank value is an error, never an empty hole in a customer email.
 * `{{#name}}…{{/name}}` sections are kept only when `name` has a non-blank value (for optional facts).
 */
function fill(template: string, vars: Record<string, string>, escape: (s: string) => string, where: string): string {
  const present = (name: string) => vars[name] !== undefined && vars[name]!.trim() !== '';
  return template
    .replace(SECTION, (_, name: string, inner: string) => (present(name) ? inner : ''))
    .replace(PLACEHOLDER, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new MessageError(`message ${where}: placeholder {{${name}}} has no value`);
      if (value.trim() === '') throw new MessageError(`message ${where}: placeholder {{${name}}} is empty`);
      return escape(value);
    });
}

/**
 * The values as a person reads them: every value that is an RFC 3339 instant (the lifecycle's `dueAt`, `closesAt`,
 * `*Due`, a breach's `due`) becomes the local date and time in the case's zone, in `language`, the zone named.
 * Other values are left as written.
 */
export function humanizeVars(policy: Policy, vars: Record<string, string>, options: { language?: string; timeZone?: string } = {}): Record<string, string> {
  const zone = options.timeZone ?? calendarZone(policy);
  const language = options.language ?? policy.messages.language;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' && isInstant(v) ? formatInstant(v, zone, language) : v]));
}

/** The template names a policy can render: its own plus the built-in customer notifications. */
export function templateNames(policy: Policy): string[] {
  return [...new Set([...Object.keys(DEFAULT_TEMPLATES), ...Object.keys(policy.messages.templates)])].sort();
}

/**
 * Renders one of the policy's message templates. The policy's greeting and closing frame every message, so a
 * policy such as "replies always start with 'Dear customers'" cannot be forgotten by a template or an agent.
 * User-supplied values are HTML-escaped in the HTML part and made header-safe in the subject.
 */
export function renderMessage(policy: Policy, templateName: string, vars: Record<string, string>, options: RenderOptions = {}): RenderedMessage {
  const requested = options.language ?? policy.messages.language;
  // A translation is used only when it has this template; otherwise the whole message stays in the policy's language.
  const translated = requested !== policy.messages.language ? policy.messages.translations[requested] : undefined;
  const useTranslation = translated?.templates[templateName] !== undefined;
  const set = useTranslation ? translated! : policy.messages;
  const language = useTranslation ? requested : policy.messages.language;
  const template: MessageTemplate | undefined = set.templates[templateName] ?? (useTranslation ? undefined : DEFAULT_TEMPLATES[templateName]);
  if (!template) throw new MessageError(`policy "${policy.name}" has no message template "${templateName}"; known: ${templateNames(policy).join(', ')}`);
  const where = `"${templateName}" (${language})`;
  const { greeting, closing } = set;
  // No email prints a raw ISO instant: due times are written in the case's zone and the message's language.
  const shown = humanizeVars(policy, vars, { language, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });

  const bodyText = fill(template.body, shown, (s) => s, where).trim();
  if (bodyText === '') throw new MessageError(`message ${where}: the body is empty`);
  const frame = (body: string) => [greeting, body, closing].filter((x): x is string => Boolean(x)).join('\n\n');
  const text = frame(bodyText);
  // Defensive: the frame guarantees this, and a future change that breaks it must fail here, not in a customer's inbox.
  if (greeting && !text.startsWith(greeting)) throw new MessageError(`message ${where} does not start with the policy's greeting`);
  if (closing && !text.endsWith(closing)) throw new MessageError(`message ${where} does not end with the policy's closing`);

  const subject = headerSafe(fill(template.subject, shown, headerSafe, where));
  if (subject === '') throw new MessageError(`message ${where}: the subject is empty`);

  const paragraphs = frame(fill(template.body, shown, escapeHtml, where).trim())
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
  return {
    subject: subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject,
    text,
    html: `<!doctype html><html lang="${language}"><body>${paragraphs}</body></html>`,
    language,
  };
}
