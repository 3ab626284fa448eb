import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { StaffRoleSchema, type StaffActor, type StaffRole } from '../../domain/lifecycle/model';
import { HttpProblem, problemTypes } from './problem';

/**
 * The member of staff behind a request, from the claims the HTTP API's JWT authorizer verified
 * (`event.requestContext.authorizer.jwt.claims`). Roles are the `cognito:groups` claim: API Gateway hands array
 * claims to Lambda as a string like `"[agent senior]"`, a local or test caller may pass a real array; both count.
 */

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  name: z.string().optional(),
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
  /** The person's department (a Cognito custom attribute): where the policy scopes departments, their cases only. */
  'custom:department': z.string().min(1).max(64).optional(),
});

/** Event shape with the authorizer part the gateway adds on JWT routes (absent elsewhere). */
export type MaybeJwtEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

/** When someone holds several roles, they act in the one with the widest remit. */
export const PRECEDENCE: StaffRole[] = ['supervisor', 'dispute_team', 'senior', 'finance', 'agent', 'admin'];

export function groupsOf(claim: string | string[] | undefined): string[] {
  if (claim === undefined) return [];
  if (Array.isArray(claim)) return claim;
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

const unauthorized = () =>
  new HttpProblem(
    { type: problemTypes.unauthorized, title: 'Unauthorized', status: 401, detail: 'A valid staff token is required.' },
    { 'www-authenticate': 'Bearer' },
  );

export function staffActorOf(event: MaybeJwtEvent): StaffActor {
  const parsed = ClaimsSchema.safeParse(event.requestContext.authorizer?.jwt?.claims);
  if (!parsed.success) throw unauthorized();
  const claims = parsed.data;
  const groups = new Set(groupsOf(claims['cognito:groups']));
  const role = PRECEDENCE.find((r) => groups.has(r));
  if (!role || !StaffRoleSchema.safeParse(role).success) {
    throw new HttpProblem({ type: problemTypes.forbidden, title: 'Not allowed on this case', status: 403, detail: `Staff routes need one of the groups ${PRECEDENCE.join(', ')}.` });
  }
  const name = claims.name ?? claims.email;
  const department = claims['custom:department'];
  return { role, staffId: claims.sub, ...(name ? { name } : {}), ...(department ? { department } : {}) };
}
