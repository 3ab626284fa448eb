import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { FieldError } from '../../domain/complaint';

/**
 * Paging over a list the core sorted itself (the staff queue with its filters, the attention list): every row has a
 * unique sort key (each ends with the case id), a page is the rows after the last key handed out, and the cursor
 * carries that key with a fingerprint of the query it belongs to.
 *
 * The cursor is opaque to callers but not secret: it holds nothing a caller may not see, and what it selects is
 * always filtered by the caller's own scope first, so a forged cursor can only move the start of the caller's own
 * list. Anything that is not a cursor of this query (bad base64, bad JSON, another shape, a key too long, another
 * query's fingerprint) is refused as invalid, never thrown.
 */

const CursorSchema = z
  .object({
    v: z.literal(1),
    /** The last sort key handed out. */
    after: z.string().min(1).max(400),
    /** Which query the cursor continues (see {@link queryFingerprint}). */
    query: z.string().length(16),
  })
  .strict();

/** A short digest of the query's filters and order (not its limit or cursor): a cursor continues only its own query. */
export function queryFingerprint(query: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(query).sort().map((k) => [k, query[k]]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export const encodeCursor = (after: string, query: string): string => Buffer.from(JSON.stringify({ v: 1, after, query }), 'utf8').toString('base64url');

const notOurs: FieldError = { field: 'cursor', message: 'not a cursor this API handed out for this query; start again without it' };

/** The key a cursor continues after, or the field error to answer with. */
export function decodeCursor(cursor: string, query: string): { after: string } | { error: FieldError } {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return { error: notOurs };
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
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
export function keysetPage<T>(rows: readonly { key: string; row: T }[], opts: { limit: number; after?: string; query: string }): KeysetPage<T> {
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = opts.after === undefined ? sorted : sorted.filter((r) => r.key > opts.after!);
  const page = rest.slice(0, opts.limit);
  const hasMore = rest.length > page.length;
  return {
    items: page.map((r) => r.row),
    total: sorted.length,
    hasMore,
    ...(hasMore ? { cursor: encodeCursor(page.at(-1)!.key, opts.query) } : {}),
  };
}
