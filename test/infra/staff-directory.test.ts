import { describe, expect, it } from 'vitest';
import { asList, statementsOfFunction, synthesize } from './synthesized';

/** The staff-action function may look staff up in the staff pool, and nothing more of Cognito. */
const { template } = synthesize();
const poolId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPool')![0];

describe('staff directory grant', () => {
  it('gives the staff-action function the two directory reads on the staff pool, with USER_POOL_ID', () => {
    // Prepare
    const fn = template.Resources.StaffActionFunction!;
    const statements = statementsOfFunction(template, 'StaffActionFunction').filter((s) => asList(s.Action).some((a) => a.startsWith('cognito-idp:')));

    // Assess
    expect(statements.flatMap((s) => asList(s.Action)).sort()).toEqual(['cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsers']);
    for (const s of statements) expect(JSON.stringify(s.Resource)).toContain(poolId);
    expect((fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables.USER_POOL_ID).toEqual({ Ref: poolId });
  });

  it('gives no other function any Cognito action', () => {
    const others = Object.entries(template.Resources).filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && id !== 'StaffActionFunction');
    for (const [id] of others) expect({ id, cognito: statementsOfFunction(template, id).flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('cognito-idp:')) }).toEqual({ id, cognito: [] });
  });
});
