import { createHash } from 'node:crypto';
import PostalMime, { type Address, type Attachment as MimeAttachment } from 'postal-mime';
import { htmlText } from './html-text';
import { detectAutomated, type HeaderMap } from './automated-mail';
import type { Attachment, InboundEmail, Mailbox } from './inbound-email';
import { visibleText } from './visible-text';

/**
 * Decodes a raw RFC 5322 message with postal-mime: multipart trees, base64 and quoted-printable, RFC 2047 encoded
 * words, any charset the runtime's TextDecoder knows (ISO-8859-1, Windows-1252, Shift_JIS, …), HTML-only bodies
 * turned into text, attachments and inline images. Chosen over nodemailer's mailparser for its size: it decodes
 * charsets with the platform's TextDecoder instead of bundling iconv tables, so the inbound function's bundle is
 * ~1.2 MiB smaller. No I/O: the caller brings the bytes (from S3 on AWS, the local object store on `npm start`).
 */
export async function parseEmail(raw: Uint8Array | string): Promise<InboundEmail> {
  const mail = await PostalMime.parse(raw);
  const headers = headerMap(mail.headerLines);
  const from = mailboxes(mail.from ? [mail.from] : undefined)[0];
  const subject = (mail.subject ?? '').trim();
  const text = (mail.text ?? (mail.html ? htmlText(mail.html) : '')).replace(/\r\n?/g, '\n').trim();
  // postal-mime gives an ISO string, or the raw header when it is not a date.
  const sentAt = mail.date && !Number.isNaN(Date.parse(mail.date)) ? new Date(mail.date).toISOString() : undefined;
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

/** Header lines as parsed by postal-mime ("Key: value", possibly folded) into values by lower-case name. */
function headerMap(lines: readonly { key: string; line: string }[]): HeaderMap {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const name = key.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return map;
}

function mailboxes(field: Address[] | undefined): Mailbox[] {
  // Groups ("undisclosed-recipients:;") nest their members one level down.
  const flat = (field ?? []).flatMap((a) => ('group' in a && a.group ? a.group : [a as { name: string; address?: string }]));
  return flat
    .filter((a): a is { name: string; address: string } => typeof a.address === 'string' && a.address.includes('@'))
    .map((a) => ({ address: a.address.trim().toLowerCase(), ...(a.name ? { name: a.name.trim() } : {}) }));
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
  const content = typeof part.content === 'string' ? Buffer.from(part.content, part.encoding === 'base64' ? 'base64' : 'utf8') : Buffer.from(part.content instanceof ArrayBuffer ? part.content : part.content.buffer.slice(part.content.byteOffset, part.content.byteOffset + part.content.byteLength));
  return {
    ...(part.filename ? { filename: part.filename } : {}),
    declaredType: part.mimeType.toLowerCase(),
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    inline: part.related === true || (part.disposition === 'inline' && contentId !== undefined),
    ...(contentId ? { contentId } : {}),
    content,
  };
}
