import * as z from '../../domain/zod';
import { mayReadAudit } from '../../domain/access/read-access';
import type { AuditEntry } from '../../domain/access/audit-entry';
import { fieldErrors } from '../../domain/field-errors';
import type { StaffActor } from '../../domain/lifecycle/model';
import { refused, type Outcome } from '../outcomes';
import { audited, type AuditTrail } from './audit-trail';

/** `GET /staff/audit?caseId=|actor=&limit=&before=`: exactly one of case and actor. */
export const AuditQuerySchema = z.strictObject({
    caseId: z.optional(z.uuid('caseId must be a case id')),
    actor: z.optional(z.string().check(z.minLength(1), z.maxLength(128, 'actor is too long'))),
    limit: z._default(z.coerce.number({ error: 'limit must be a whole number from 1 to 200' }).check(z.int('limit must be a whole number from 1 to 200'), z.gte(1), z.lte(200)), 50),
    before: z.optional(z.string().check(z.minLength(1), z.maxLength(200, 'before is too long'))),
  }).check(z.refine((q) => (q.caseId === undefined) !== (q.actor === undefined), { message: 'give exactly one of caseId and actor', path: ['caseId'] }));

const CursorSchema = z.string().check(z.regex(/^\d{4}-\d\d-\d\dT[0-9:.]+Z#[0-9a-f]{12}$/));
const encode = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');
const decode = (cursor: string): string | undefined => {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  return CursorSchema.safeParse(sk).success ? sk : undefined;
};

/**
 * One page of the audit log, newest first, for those who oversee others (supervisors and admins); reading it is
 * itself on the record. Other staff get `forbidden` whatever the query: the answer says nothing about a case.
 */
export async function readAuditLog(deps: { audit: AuditTrail }, actor: StaffActor, query: Record<string, string | undefined>): Promise<Outcome<{ entries: AuditEntry[]; cursor?: string }>> {
  if (!mayReadAudit(actor)) return audited(deps.audit, actor, 'read_audit', undefined, refused('forbidden', 'The audit log is read by supervisors and admins.'));
  const parsed = AuditQuerySchema.safeParse(query);
  if (!parsed.success) return refused('invalid', 'The query has invalid parameters; see errors.', fieldErrors(parsed.error.issues));
  const { caseId, actor: staffId, limit, before } = parsed.data;
  const after = before === undefined ? undefined : decode(before);
  if (before !== undefined && !after) return refused('invalid', 'The cursor was not handed out by this API.', [{ field: 'before', message: 'not a cursor this API handed out; start again without it' }]);
  const page = await deps.audit.log.page(caseId ? { caseId } : { actor: staffId! }, { limit, ...(after ? { before: after } : {}) });
  return audited(deps.audit, actor, 'read_audit', caseId, { ok: true as const, entries: page.entries, ...(page.before ? { cursor: encode(page.before) } : {}) });
}
