import { describe, expect, it } from 'vitest';
import { PRECEDENCE } from '../../functions/api/http/staff-claims';
import { StaffRoleSchema } from '../../functions/domain/lifecycle/model';
import { ROLE_LABELS, ROLE_PRECEDENCE, staffOf } from '../../web/console/js/claims.js';

/** The console reads roles from the token as the API does: the same roles, the same precedence, admin included. */

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'ES256' })}.${b64(claims)}.sig`;

describe('staff roles in the console', () => {
  it('knows every role the API knows, in the API order, each with a label', () => {
    expect(ROLE_PRECEDENCE).toEqual(PRECEDENCE);
    expect([...ROLE_PRECEDENCE].sort()).toEqual([...StaffRoleSchema.options].sort());
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...StaffRoleSchema.options].sort());
  });

  it('signs an admin in as admin, and someone who is also an agent as the agent (the API acts in the wider remit)', () => {
    // Prepare
    const admin = jwt({ sub: 'dpo-1', 'cognito:groups': ['admin'] });
    const both = jwt({ sub: 'dpo-2', 'cognito:groups': '[admin agent]' });
    // Act
    const [alone, withAgent] = [staffOf(admin), staffOf(both)];
    // Assess
    expect(alone?.role).toBe('admin');
    expect(withAgent?.role).toBe('agent');
  });
});
