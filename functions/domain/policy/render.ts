import { brandingOf, type ResolvedBranding } from './branding';
import { DEFAULT_TEMPLATES } from './default-templates';
import { EMAIL_LAYOUT } from './email-layout.generated';
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
function fill(template: string, vars: Record<string, string>, escape: (value: string, name: string) => string, where: string): string {
  const present = (name: string) => vars[name] !== undefined && vars[name]!.trim() !== '';
  return template
    .replace(SECTION, (_, name: string, inner: string) => (present(name) ? inner : ''))
    .replace(PLACEHOLDER, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new MessageError(`message ${where}: placeholder {{${name}}} has no value`);
      if (value.trim() === '') throw new MessageError(`message ${where}: placeholder {{${name}}} is empty`);
      return escape(value, name);
    });
}

/** Placeholders that hold a link: anchors in the HTML part, the bare URL in the text part. */
const LINKS = new Set(['statusUrl', 'surveyUrl']);

/**
 * A link as an anchor styled as a button, named by the case number (short, the same in every language, and never
 * wider than a 390 px screen, unlike the URL with its access link).
 */
function anchor(url: string, label: string, brand: ResolvedBranding): string {
  const style = `display:inline-block;padding:10px 18px;border-radius:6px;background:${brand.primaryColor};color:${brand.onPrimaryColor};text-decoration:none;font-weight:600`;
  return `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(label)}</a>`;
}

/**
 * The compiled layout (tools/email-layout.ts) with its slots filled in one pass, so a value can never be read as a
 * slot; text slots are escaped here, the body and footer are HTML built from escaped parts.
 */
function layout(slots: { language: string; title: string; preview: string; brand: string; body: string; footer: string }, brand: ResolvedBranding): string {
  const values: Record<string, string> = {
    'lang="zz"': `lang="${escapeHtml(slots.language)}"`,
    '#010203': brand.primaryColor,
    '#040506': brand.onPrimaryColor,
    '{{title}}': escapeHtml(slots.title),
    '{{preview}}': escapeHtml(slots.preview),
    '{{brand}}': escapeHtml(slots.brand),
    '{{{body}}}': slots.body,
    '{{{footer}}}': slots.footer,
  };
  return EMAIL_LAYOUT.replace(LAYOUT_SLOT, (slot) => values[slot]!);
}
const LAYOUT_SLOT = /lang="zz"|#010203|#040506|\{\{title\}\}|\{\{preview\}\}|\{\{brand\}\}|\{\{\{body\}\}\}|\{\{\{footer\}\}\}/g;

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

  const brand = brandingOf(policy);
  const linkLabel = shown.caseNumber?.trim() || undefined;
  const htmlValue = (value: string, name: string) => (LINKS.has(name) ? anchor(value, linkLabel ?? value, brand) : escapeHtml(value));
  const paragraphs = frame(fill(template.body, shown, htmlValue, where).trim())
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
  const footer = [
    brand.companyName ? escapeHtml(brand.companyName) : undefined,
    brand.supportAddress ? `<a href="mailto:${escapeHtml(brand.supportAddress)}">${escapeHtml(brand.supportAddress)}</a>` : undefined,
    linkLabel ? escapeHtml(linkLabel) : undefined,
  ].filter((x): x is string => x !== undefined);
  const finalSubject = subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject;
  return {
    subject: finalSubject,
    text,
    html: layout({ language, title: finalSubject, preview: previewOf(bodyText), brand: brand.companyName ?? linkLabel ?? '', body: paragraphs, footer: footer.join(' &middot; ') }, brand),
    language,
  };
}

/** The inbox preview line: the start of the message itself (not the greeting), without URLs. */
function previewOf(body: string): string {
  const line = body.replace(/https?:\/\/\S+/g, '').replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
