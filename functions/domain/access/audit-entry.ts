import * as z from '../zod';
import { StaffRoleSchema } from '../lifecycle/actors';

/**
 * One line of the audit log: who did or read what, on which case, when, through which route, and whether it was
 * allowed. It names people by their identity provider id and cases by id, never by the personal data itself
 * (no names, emails, bank details or tokens), so the log can be kept longer than the cases it speaks of.
 */

/** What was done: `read_case`, `list_queue`, `read_audit`, `act:<action type>` for a staff action, `reveal:<field name>` for a sensitive value seen in clear (the name, never the value). */
export const AuditActionSchema = z.string().check(z.regex(/^(read_case|list_queue|read_audit|act:[a-zA-Z]+|reveal:[a-zA-Z][a-zA-Z0-9]*|[a-z_]+)$/));

/** How a customer proved control of the case's address: a fresh step-up, or (finishing an interrupted erasure, when no address is left to send a code to) the case's access token. */
export const CustomerProofSchema = z.enum(['step_up', 'access_token']);
export type CustomerProof = z.infer<typeof CustomerProofSchema>;

/**
 * Who acted: a person on staff (by identity provider id), the customer (by how they proved control, never who
 * they are) or a scheduled process of Redress's own. `role` tells them apart.
 */
export const AuditActorSchema = z.union([
  z.strictObject({ staffId: z.string().check(z.minLength(1)), role: StaffRoleSchema }),
  z.strictObject({ role: z.literal('customer'), provedBy: CustomerProofSchema }),
  z.strictObject({ role: z.literal('system'), process: z.enum(['retention']) }),
]);
export type AuditActor = z.infer<typeof AuditActorSchema>;

/**
 * The actor's partition key in the log: a staff id, or `system:<process>`. A customer has none: "the customer" is
 * not one person, and the entry is found by its case.
 */
export const auditActorKey = (actor: AuditActor): string | undefined =>
  'staffId' in actor ? actor.staffId : actor.role === 'system' ? `system:${actor.process}` : undefined;

export const AuditEntrySchema = z.strictObject({
    at: z.iso.datetime({ offset: true }),
    actor: AuditActorSchema,
    action: AuditActionSchema,
    caseId: z.optional(z.string().check(z.minLength(1))),
    /** The API route, as API Gateway names it (`GET /staff/complaints/{id}`); for a scheduled process, `schedule <its name>`. */
    route: z.string().check(z.minLength(1)),
    /** `refused`: the use case said no (not found, forbidden, conflict…); the attempt is still on record. */
    outcome: z.enum(['allowed', 'refused']),
  });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * How long the audit log is kept: seven years, longer than any case data (retention of closed cases' personal
 * data is shorter, per policy), so a record of access outlives the data it was about.
 */
export const AUDIT_RETENTION_DAYS = 7 * 365;
export const auditExpiresAt = (at: string): number => Math.floor(Date.parse(at) / 1000) + AUDIT_RETENTION_DAYS * 86_400;
