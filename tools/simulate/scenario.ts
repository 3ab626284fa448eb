import * as z from '../../functions/domain/zod';
import { StaffRoleSchema } from '../../functions/domain/lifecycle/model';
import { ChannelSchema } from '../../functions/domain/policy/schema';

/**
 * A scenario: complaints with the actions people take on them, at given instants, replayed through the same use
 * cases as production (intake, staff and customer actions, the workflow's acknowledgment and clocks). The
 * acknowledgment is not an action: the workflow sends it as soon as a complaint is filed, as it does in production.
 */

const instant = z.iso.datetime({ offset: true, error: 'an RFC 3339 date-time with offset, e.g. 2026-11-20T16:29:00+07:00' });

/** Who acts: the customer of the complaint, or a member of staff by role (and id, default `<role>-1`). */
export const ScenarioActionSchema = z.looseObject({
    at: instant,
    by: z.enum(['customer', ...StaffRoleSchema.options]),
    staffId: z.optional(z.string().check(z.minLength(1))),
    /** The member of staff's department, as their identity provider names it (department scope). */
    department: z.optional(z.string().check(z.minLength(1))),
    /** The lifecycle action (`reply`, `requestInfo`, `resolve`, `dispute`, ...); its fields follow (`message`, `summary`, ...). */
    type: z.string().check(z.minLength(1)),
  });
export type ScenarioAction = z.infer<typeof ScenarioActionSchema>;

export const ScenarioComplaintSchema = z.strictObject({
    id: z.string().check(z.minLength(1)),
    /** Complaints with the same customer key come from the same person (per-customer sequencing). */
    customer: z.optional(z.string().check(z.minLength(1))),
    category: z.string().check(z.minLength(1)),
    channel: ChannelSchema,
    receivedAt: instant,
    subject: z.optional(z.string().check(z.minLength(1))),
    description: z.optional(z.string().check(z.minLength(1))),
    details: z.optional(z.record(z.string(), z.unknown())),
    /** The customer's language (messages in it where the policy has them). */
    language: z.optional(z.string().check(z.minLength(2))),
    actions: z._default(z.array(ScenarioActionSchema), []),
  });
export type ScenarioComplaint = z.infer<typeof ScenarioComplaintSchema>;

export const ScenarioSchema = z.strictObject({
    /** The preset the scenario was written for; `--policy` may replay it against another. */
    policy: z.string().check(z.minLength(1)),
    description: z.optional(z.string()),
    /** The simulation runs the clocks until this instant; the last scenario instant when absent. */
    until: z.optional(instant),
    complaints: z.array(ScenarioComplaintSchema).check(z.minLength(1)),
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
