import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../../domain/zod';
import type { FieldError } from '../../domain/field-errors';

/**
 * Paging over a list the core sorted itself (the staff queue with its filters, the attention list): every row has a
 * unique sort key (each ends with the case id), a page is the rows after the last key handed out, and the cursor
 * carries that key with a fingerprint of the query it belongs to.
 *
 * The cursor is opaque to callers and signed: `<base64url JSON>.<tag>`, the tag the first 128 bits of
 * HMAC-SHA256 over the JSON part under a key derived from a signing secret (one purpose, so a cursor never verifies
 * as any other signed value). Only a cursor this API handed out is read at all; what it selects is still filtered by
 * the caller's own scope first. Anything else (no tag, a bad tag, bad base64 or JSON, another shape, a key too long,
 * another query's fingerprint, over 1,024 characters) is refused as malformed, never thrown.
 */

/** The signing secrets (newest first): the first signs, every one verifies, so a rotation keeps open pages working. */
export interface CursorKeys {
  secrets: readonly [string, ...string[]];
}

const PURPOSE = 'redress/page-cursor/v1';
/** Far above any cursor handed out (a sort key is at most 400 characters): longer is not ours, and not worth hashing. */
const MAX_CURSOR_LENGTH = 1024;
const TAG = /^[A-Za-z0-9_-]{22}$/;

const CursorSchema = z.strictObject({
    v: z.literal(1),
    /** The last sort key handed out. */
    after: z.string().check(z.minLength(1), z.maxLength(400)),
    /** Which query the cursor continues (see {@link queryFingerprint}). */
    query: z.string().check(z.length(16)),
  });

/** A short digest of the query's filters and order (not its limit or cursor): a cursor continues only its own query. */
export function queryFingerprint(query: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(query).sort().map((k) => [k, query[k]]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

const keyOf = (secret: string): Buffer => createHmac('sha256', secret).update(`${PURPOSE}/key`).digest();
const tagOf = (key: Buffer, body: string): string => createHmac('sha256', key).update(`${PURPOSE}\n${body}`).digest().subarray(0, 16).toString('base64url');

export function encodeCursor(keys: CursorKeys, after: string, query: string): string {
  const body = Buffer.from(JSON.stringify({ v: 1, after, query }), 'utf8').toString('base64url');
  return `${body}.${tagOf(keyOf(keys.secrets[0]), body)}`;
}

/** Whether one of the keys signed `body` (compared as text, in constant time). */
function signed(keys: CursorKeys, body: string, tag: string): boolean {
  const presented = Buffer.from(tag, 'ascii');
  return keys.secrets.some((secret) => {
    const expected = Buffer.from(tagOf(keyOf(secret), body), 'ascii');
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  });
}

const notOurs: FieldError = { field: 'cursor', message: 'not a cursor this API handed out for this query; start again without it' };

/** The key a cursor continues after, or the field error to answer with. */
export function decodeCursor(keys: CursorKeys, cursor: string, query: string): { after: string } | { error: FieldError } {
  try {
    if (cursor.length > MAX_CURSOR_LENGTH) return { error: notOurs };
    const [body, tag, ...rest] = cursor.split('.');
    if (rest.length || !body || !tag || !/^[A-Za-z0-9_-]+$/.test(body) || !TAG.test(tag) || !signed(keys, body, tag)) return { error: notOurs };
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.query !== query) return { error: notOurs };
    return { after: parsed.data.after };
  } catch {
    return { error: notOurs };
  }
}

export interface KeysetPage<T> {
  items: T[];
  /** Every row of the list, on every page. */
  total: number;
  hasMore: boolean;
  /** The cursor of the next page, when there is one. */
  cursor?: string;
}

/** One page of rows after `after`, in sort-key order. */
export function keysetPage<T>(rows: readonly { key: string; row: T }[], opts: { limit: number; after?: string; query: string; keys: CursorKeys }): KeysetPage<T> {
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = opts.after === undefined ? sorted : sorted.filter((r) => r.key > opts.after!);
  const page = rest.slice(0, opts.limit);
  const hasMore = rest.length > page.length;
  return {
    items: page.map((r) => r.row),
    total: sorted.length,
    hasMore,
    ...(hasMore ? { cursor: encodeCursor(opts.keys, page.at(-1)!.key, opts.query) } : {}),
  };
}
