import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../../domain/zod';
import { StaffRoleSchema, type StaffActor, type StaffRole } from '../../domain/lifecycle/actors';
import { HttpProblem, problemTypes } from './problem';

/**
 * The member of staff behind a request, from the claims the HTTP API's JWT authorizer verified
 * (`event.requestContext.authorizer.jwt.claims`). Roles are the `cognito:groups` claim: API Gateway hands array
 * claims to Lambda as a string like `"[agent senior]"`, a local or test caller may pass a real array; both count.
 * Only a Cognito access token is taken (`token_use: "access"`, with its `client_id`): an ID token of the same pool is
 * refused with 401. The gateway already refuses it on AWS (staff routes require a scope, which an ID token lacks, and
 * it matches the audience on `client_id` when there is no `aud`: functions/domain/identity/staff-tokens.ts); checking
 * here as well keeps a route that lost its scope closed.
 */

const ClaimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  token_use: z.literal('access'),
  client_id: z.string().check(z.minLength(1)),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  'cognito:groups': z.optional(z.union([z.array(z.string()), z.string()])),
  /** The person's department (a Cognito custom attribute): where the policy scopes departments, their cases only. */
  'custom:department': z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
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

const idTokenRefused = () =>
  new HttpProblem(
    { type: problemTypes.unauthorized, title: 'Unauthorized', status: 401, detail: 'This is an ID token: staff routes take the Cognito access token.' },
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );

/**
 * The member of staff behind the request, acting in the role of widest remit among their groups, or in `actAs` when
 * they hold that group (a supervisor who is also in finance decides refunds as finance).
 */
export function staffActorOf(event: MaybeJwtEvent, actAs?: StaffRole): StaffActor {
  const raw = event.requestContext.authorizer?.jwt?.claims;
  const parsed = ClaimsSchema.safeParse(raw);
  if (!parsed.success) throw raw?.token_use === 'id' ? idTokenRefused() : unauthorized();
  const claims = parsed.data;
  const groups = new Set(groupsOf(claims['cognito:groups']));
  const role = actAs && groups.has(actAs) ? actAs : PRECEDENCE.find((r) => groups.has(r));
  if (!role || !StaffRoleSchema.safeParse(role).success) {
    throw new HttpProblem({ type: problemTypes.forbidden, title: 'Not allowed on this case', status: 403, detail: `Staff routes need one of the groups ${PRECEDENCE.join(', ')}.` });
  }
  const name = claims.name ?? claims.email;
  const department = claims['custom:department'];
  return { role, staffId: claims.sub, ...(name ? { name } : {}), ...(department ? { department } : {}) };
}
