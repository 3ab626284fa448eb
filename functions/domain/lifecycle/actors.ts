import * as z from '../zod';

/*
 * Who acts on a case. A module of its own so that a function that only checks a staff member's role (the staff
 * token's claims) does not bundle the whole case model; model.ts re-exports these.
 */

export const StaffRoleSchema = z.enum(['agent', 'senior', 'dispute_team', 'supervisor', 'finance', 'admin']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;
export const RoleSchema = z.enum(['customer', ...StaffRoleSchema.options, 'system']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Who acts. The customer is identified by the case whose access token they presented (the handler checked it);
 * staff by their id and role (from the identity provider); the system by the workflow.
 */
export const ActorSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('customer'), caseId: z.string().check(z.minLength(1)) }),
  z.strictObject({
      role: StaffRoleSchema,
      staffId: z.string().check(z.minLength(1)),
      name: z.optional(z.string()),
      /** The department the identity provider names for this person (a department slug of the policy), if any. */
      department: z.optional(z.string().check(z.minLength(1))),
    }),
  z.strictObject({ role: z.literal('system') }),
]);
export type Actor = z.infer<typeof ActorSchema>;
export type StaffActor = Extract<Actor, { staffId: string }>;
export const isStaff = (a: Actor): a is StaffActor => a.role !== 'customer' && a.role !== 'system';
