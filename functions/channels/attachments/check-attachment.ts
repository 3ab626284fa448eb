import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Decides whether a file may be kept on a case, from its bytes: the type is sniffed from the content (magic
 * numbers, via `file-type`), never taken from the name or the sender's Content-Type, and must be on the allow-list;
 * a name or declared type that says otherwise marks a disguised file and is refused too. Plain text has no magic
 * number, so it is recognised as valid UTF-8 without control characters.
 */

/** The types a customer's evidence comes in (receipts, screenshots, statements), with the extensions they go by. */
export const ALLOWED_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'text/plain': ['txt', 'text', 'log', 'csv'],
};

/** 10 MiB: a phone photo or a multi-page scanned statement fits; SES's 40 MB message limit leaves room for several. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AttachmentCheck =
  | { ok: true; type: string; extension: string; size: number; sha256: string }
  | { ok: false; reason: 'empty' | 'too-large' | 'type-not-allowed' | 'disguised'; detail: string };

export interface AttachmentClaims {
  /** The file name as given (upload form, MIME part). */
  filename?: string;
  /** The Content-Type as given. */
  declaredType?: string;
  maxBytes?: number;
}

export async function checkAttachment(bytes: Uint8Array, claims: AttachmentClaims = {}): Promise<AttachmentCheck> {
  const maxBytes = claims.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  if (bytes.length === 0) return { ok: false, reason: 'empty', detail: 'the file is empty' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes is over the limit of ${maxBytes}` };

  const sniffed = await fileTypeFromBuffer(bytes);
  const type = sniffed?.mime ?? (isPlainText(bytes) ? 'text/plain' : undefined);
  if (!type || !(type in ALLOWED_TYPES)) {
    return { ok: false, reason: 'type-not-allowed', detail: `content is ${type ?? 'an unrecognised binary format'}; allowed: ${Object.keys(ALLOWED_TYPES).join(', ')}` };
  }
  const extensions = ALLOWED_TYPES[type]!;
  const nameExtension = claims.filename?.includes('.') ? claims.filename.split('.').pop()!.toLowerCase() : undefined;
  if (nameExtension !== undefined && !extensions.includes(nameExtension)) {
    return { ok: false, reason: 'disguised', detail: `named .${nameExtension} but the content is ${type}` };
  }
  const declared = claims.declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && !sameType(declared, type)) {
    return { ok: false, reason: 'disguised', detail: `declared ${declared} but the content is ${type}` };
  }
  return { ok: true, type, extension: extensions[0]!, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Declared types that are aliases of the sniffed one (browsers send image/jpg, text/csv for text files). */
function sameType(declared: string, sniffed: string): boolean {
  if (declared === sniffed) return true;
  if (sniffed === 'image/jpeg') return declared === 'image/jpg' || declared === 'image/pjpeg';
  if (sniffed === 'text/plain') return declared.startsWith('text/');
  return false;
}

/** Valid UTF-8 with no control characters but tab, line feed, carriage return and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}
