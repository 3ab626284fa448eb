import * as z from 'zod';
import { StaffRoleSchema } from '../lifecycle/model';

/**
 * One line of the audit log: who did or read what, on which case, when, through which route, and whether it was
 * allowed. It names people by their identity provider id and cases by id, never by the personal data itself
 * (no names, emails, bank details or tokens), so the log can be kept longer than the cases it speaks of.
 */

/** What was done: `read_case`, `list_queue`, `read_audit`, `act:<action type>` for a staff action, `reveal:<field name>` for a sensitive value seen in clear (the name, never the value). */
export const AuditActionSchema = z.string().regex(/^(read_case|list_queue|read_audit|act:[a-zA-Z]+|reveal:[a-zA-Z][a-zA-Z0-9]*|[a-z_]+)$/);

export const AuditEntrySchema = z
  .object({
    at: z.iso.datetime({ offset: true }),
    actor: z.object({ staffId: z.string().min(1), role: StaffRoleSchema }).strict(),
    action: AuditActionSchema,
    caseId: z.string().min(1).optional(),
    /** The API route, as API Gateway names it (`GET /staff/complaints/{id}`). */
    route: z.string().min(1),
    /** `refused`: the use case said no (not found, forbidden, conflict…); the attempt is still on record. */
    outcome: z.enum(['allowed', 'refused']),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * How long the audit log is kept: seven years, longer than any case data (retention of closed cases' personal
 * data is shorter, per policy), so a record of access outlives the data it was about.
 */
export const AUDIT_RETENTION_DAYS = 7 * 365;
export const auditExpiresAt = (at: string): number => Math.floor(Date.parse(at) / 1000) + AUDIT_RETENTION_DAYS * 86_400;
