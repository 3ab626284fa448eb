import * as z from '../../domain/zod';
import { fieldErrors } from '../../domain/field-errors';
import type { StaffActor } from '../../domain/lifecycle/model';
import { sortableInstant } from '../../domain/lifecycle/queue';
import type { AttentionEntry } from '../../domain/case-view';
import { refused, type Outcome } from '../outcomes';
import type { CaseStore, Clock, PolicyBook } from '../ports';
import { decodeCursor, keysetPage, queryFingerprint, type CursorKeys } from './keyset-page';
import { OPEN_STATUSES, queueEntry } from './list-queue';
import { audited, type AuditTrail } from './audit-trail';

/**
 * The cases the workflow gave up on (`Case needs attention` flagged them and mailed the supervisors), for the
 * supervisors: oldest flag first, so the case that has waited longest for a person comes first. Read from the
 * store's flagged cases alone (a sparse index on DynamoDB: the many unflagged cases cost nothing); a case in a status
 * the reconciler no longer watches (closed, mediation recommended) is not listed.
 */

/** Where a flagged case can be: the statuses the reconciler keeps alive. */
export const ATTENTION_STATUSES = ['received', ...OPEN_STATUSES] as const;

export const AttentionQuerySchema = z.strictObject({
    limit: z._default(z.coerce.number({ error: 'limit must be a whole number from 1 to 100' }).check(z.int('limit must be a whole number from 1 to 100'), z.gte(1, 'limit must be at least 1'), z.lte(100, 'limit must be at most 100')), 50),
    cursor: z.optional(z.string()),
  });

export type AttentionListing = Outcome<{ items: AttentionEntry[]; total: number; hasMore: boolean; cursor?: string }>;

export async function listAttention(deps: { store: CaseStore; policies: PolicyBook; now: Clock; cursorKeys: CursorKeys; audit?: AuditTrail }, actor: StaffActor, query: Record<string, string | undefined>): Promise<AttentionListing> {
  if (actor.role !== 'supervisor') return audited(deps.audit, actor, 'list_attention', undefined, refused('forbidden', 'Only supervisors see the cases that need attention.'));
  const parsed = AttentionQuerySchema.safeParse(query);
  if (!parsed.success) return refused('invalid', 'The query has invalid parameters; see errors.', fieldErrors(parsed.error.issues));
  const { limit, cursor } = parsed.data;
  const fingerprint = queryFingerprint({ list: 'attention' });
  const position = cursor === undefined ? undefined : decodeCursor(deps.cursorKeys, cursor, fingerprint);
  if (position && 'error' in position) return refused('malformed', 'The cursor was not handed out by this API for this list.', [position.error]);

  const now = deps.now();
  const watched: readonly string[] = ATTENTION_STATUSES;
  const flagged = await deps.store.flaggedCases();
  const rows = flagged.flatMap((theCase) =>
    theCase.needsAttention && watched.includes(theCase.status)
      ? [{ key: `${sortableInstant(theCase.needsAttention.at)}#${theCase.id}`, row: { ...queueEntry(theCase, deps.policies.of(theCase.policy), now), needsAttention: theCase.needsAttention } }]
      : [],
  );
  return audited(deps.audit, actor, 'list_attention', undefined, { ok: true as const, ...keysetPage(rows, { limit, ...(position ? { after: position.after } : {}), query: fingerprint, keys: deps.cursorKeys }) });
}
