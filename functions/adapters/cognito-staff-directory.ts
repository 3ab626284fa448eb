import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as z from '../domain/zod';
import type { StaffDirectory } from '../core/ports';
import { StaffRoleSchema } from '../domain/lifecycle/model';

/** The staff user pool's id (`<region>_<id>` on AWS; the local dev identity answers for any). */
export const UserPoolId = z.string().check(z.minLength(1), z.maxLength(55));

/** A token's `sub` as Cognito writes it; anything else cannot be a member of staff (and is never put in a filter). */
const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

/**
 * The staff directory on a Cognito user pool: the member is found by the `sub` the staff token carries
 * (`ListUsers` with a `sub = "…"` filter: the pool signs in by email, so the username is not the id staff act
 * under), must be enabled, and must belong to one of the staff groups (`AdminListGroupsForUser`). Needs
 * `cognito-idp:ListUsers` and `cognito-idp:AdminListGroupsForUser` on the pool (infra: `Auth.allowStaffDirectory`).
 */
export class CognitoStaffDirectory implements StaffDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async knows(staffId: string): Promise<boolean> {
    if (!STAFF_ID.test(staffId)) return false;
    const { Users } = await this.client.send(new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: `sub = "${staffId}"`, Limit: 1 }));
    const user = Users?.[0];
    if (!user?.Username || user.Enabled === false) return false;
    const { Groups } = await this.client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: user.Username, Limit: 60 }));
    return (Groups ?? []).some((g) => StaffRoleSchema.safeParse(g.GroupName).success);
  }
}
