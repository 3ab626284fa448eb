import { describe, expect, it } from 'vitest';
import { customerActionOperation, isFreshlyVerified, stepUpRequired } from '../../../functions/domain/identity/step-up';
import { loadPolicy } from '../../../functions/domain/policy';

/** Which operations need a fresh step-up, read from the policy's categories. */
describe('stepUpRequired', () => {
  const promptearn = loadPolicy('promptearn');
  const earnway = loadPolicy('earnway');

  it.each([
    ['export, always', promptearn, 'technical_issue', 'export', true],
    ['erasure, always', promptearn, 'technical_issue', 'erase', true],
    ['correcting contact details, always', promptearn, 'technical_issue', 'correct', true],
    ['escalating a payout complaint (a money field)', promptearn, 'payout_delay', 'escalate', true],
    ['escalating a refund (finance decides)', promptearn, 'refund_request', 'escalate', true],
    ['escalating a technical complaint', promptearn, 'technical_issue', 'escalate', false],
    ['replying on a payout complaint', promptearn, 'payout_delay', 'customer_action', false],
    ['any action on an account-security case (verify_identity)', earnway, 'account_security', 'customer_action', true],
    ['any action on a feature question', earnway, 'feature_guidance', 'customer_action', false],
  ] as const)('%s', (_, policy, category, operation, expected) => {
    expect(stepUpRequired(policy, category, operation)).toBe(expected);
  });

  it('a dispute is an escalation; every other customer action is just an action', () => {
    expect(customerActionOperation('dispute')).toBe('escalate');
    expect(['reply', 'acceptResolution', 'rate'].map(customerActionOperation)).toEqual(['customer_action', 'customer_action', 'customer_action']);
  });

  it('a verification opens the operations until its validUntil, not at it', () => {
    const v = { verifiedAt: '2026-11-23T10:00:00.000Z', method: 'email_code' as const, validUntil: '2026-11-23T10:30:00.000Z' };
    expect(isFreshlyVerified(v, new Date('2026-11-23T10:29:59Z'))).toBe(true);
    expect(isFreshlyVerified(v, new Date('2026-11-23T10:30:00Z'))).toBe(false);
    expect(isFreshlyVerified(undefined, new Date('2026-11-23T10:00:00Z'))).toBe(false);
  });
});
