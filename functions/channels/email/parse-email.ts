import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment as MimeAttachment } from 'mailparser';
import { detectAutomated, type HeaderMap } from './automated-mail';
import type { Attachment, InboundEmail, Mailbox } from './inbound-email';
import { visibleText } from './visible-text';

/**
 * Decodes a raw RFC 5322 message with nodemailer's mailparser: multipart trees, base64 and quoted-printable,
 * RFC 2047 encoded words, any charset iconv knows (ISO-8859-1, Windows-1252, …), HTML-only bodies turned into text,
 * attachments and inline images. No I/O: the caller brings the bytes (from S3 on AWS, the local object store on
 * `npm start`).
 */
export async function parseEmail(raw: Uint8Array | string): Promise<InboundEmail> {
  const mail = await simpleParser(typeof raw === 'string' ? raw : Buffer.from(raw), {
    // Inline images stay attachments (we store them) instead of being inlined into the HTML as data: URLs.
    keepCidLinks: true,
  });
  const headers = headerMap(mail.headerLines);
  const from = mailboxes(mail.from)[0];
  const subject = (mail.subject ?? '').trim();
  const text = (mail.text ?? '').replace(/\r\n?/g, '\n').trim();
  const sentAt = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;
  const automated = detectAutomated(headers, from?.address, subject);
  return {
    messageId: mail.messageId ? bare(mail.messageId) : undefined,
    inReplyTo: messageIds(mail.inReplyTo),
    references: messageIds(mail.references).reverse(),
    from,
    to: mailboxes(mail.to),
    cc: mailboxes(mail.cc),
    subject,
    ...(sentAt ? { sentAt } : {}),
    text,
    reply: visibleText(text),
    attachments: mail.attachments.map(attachment),
    ...(automated ? { automated } : {}),
  };
}

/** Header lines as parsed by mailparser ("Key: value", possibly folded) into values by lower-case name. */
function headerMap(lines: readonly { key: string; line: string }[]): HeaderMap {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const name = key.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return map;
}

function mailboxes(field: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  // Groups ("undisclosed-recipients:;") nest their members one level down.
  const flat = objects.flatMap((o) => o.value).flatMap((a) => (a.group ? a.group : [a]));
  return flat
    .filter((a) => typeof a.address === 'string' && a.address.includes('@'))
    .map((a) => ({ address: a.address!.trim().toLowerCase(), ...(a.name ? { name: a.name.trim() } : {}) }));
}

/** Message-IDs from a header value: every `<…>` token, or the bare value when a sender forgot the brackets. */
function messageIds(value: string | string[] | undefined): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.flatMap((v) => {
    const bracketed = [...v.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
    return bracketed.length > 0 ? bracketed : v.split(/\s+/).filter((t) => t.includes('@'));
  });
}

const bare = (id: string): string => id.trim().replace(/^<|>$/g, '');

function attachment(part: MimeAttachment): Attachment {
  const contentId = part.contentId ? bare(part.contentId) : undefined;
  return {
    ...(part.filename ? { filename: part.filename } : {}),
    declaredType: part.contentType.toLowerCase(),
    size: part.content.length,
    sha256: createHash('sha256').update(part.content).digest('hex'),
    inline: part.related === true || (part.contentDisposition === 'inline' && contentId !== undefined),
    ...(contentId ? { contentId } : {}),
    content: part.content,
  };
}
