import { describe, expect, it } from 'vitest';
import { createDevIdentity } from '../../local/dev-identity';
import { StaffRoleSchema } from '../../functions/domain/lifecycle/model';

/** Local tokens exist for every staff role the handlers know (admin included), and for no made-up group. */

describe('the local identity provider', () => {
  it('mints a token for each staff role, and refuses a group that is no role', async () => {
    // Prepare
    const identity = await createDevIdentity({ routes: [] });
    // Act
    const minted = await Promise.all(StaffRoleSchema.options.map((role) => identity.mint({ sub: `dev-${role}`, groups: [role] })));
    // Assess
    expect(minted.map((m) => m.claims['cognito:groups'])).toEqual(StaffRoleSchema.options.map((r) => [r]));
    expect(minted.find((m) => m.claims.sub === 'dev-admin')).toBeDefined();
    await expect(identity.mint({ sub: 'x', groups: ['root' as never] })).rejects.toThrow(/one of agent, senior, dispute_team, supervisor, finance, admin/);
  });
});
