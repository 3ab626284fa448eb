import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { asList, statementsOfFunction, synthesize } from './synthesized';

/** The KMS key of sealed fields: rotated, and usable only by intake (seal) and the reveal (open), for customer keys only. */

const { template, nag } = synthesize();
const assert = Template.fromJSON(template);
const keyIds = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key' && JSON.stringify(r.Properties).includes('sealed personal fields')).map(([id]) => id);

const kmsStatementsOnKey = (fnId: string) => statementsOfFunction(template, fnId).filter((s) => asList(s.Action).some((a) => a.startsWith('kms:')) && JSON.stringify(s.Resource).includes(keyIds[0]!));

describe('field keys', () => {
  it('one customer-managed key with yearly rotation and a 30-day deletion window', () => {
    expect(keyIds).toHaveLength(1);
    assert.hasResourceProperties('AWS::KMS::Key', { Description: Match.stringLikeRegexp('sealed personal fields'), EnableKeyRotation: true, PendingWindowInDays: 30 });
  });

  it('the key policy delegates to IAM in the account only (no other principal is named on the key)', () => {
    const policy = template.Resources[keyIds[0]!]!.Properties!.KeyPolicy as { Statement: { Principal: unknown }[] };
    expect(policy.Statement.map((s) => JSON.stringify(s.Principal))).toEqual([expect.stringContaining(':root')]);
  });

  it('intake may make and open customer keys, the reveal only open them, both only under the customer-key context', () => {
    const condition = { StringEquals: { 'kms:EncryptionContext:purpose': 'customer-data-key' } };
        expect(kmsStatementsOnKey('CreateComplaintFunction')).toEqual([expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: condition })]);
    expect(kmsStatementsOnKey('RevealFieldFunction')).toEqual([expect.objectContaining({ Action: 'kms:Decrypt', Condition: condition })]);
    // A corrected address re-seals: the old address's key opened, the new one's made.
    for (const id of ['CustomerContactFunction', 'StaffContactFunction']) {
      expect(kmsStatementsOnKey(id)).toEqual([expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: condition })]);
    }
  });

  it('no other function may use the key', () => {
    const functionIds = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
    const users = functionIds.filter((id) => {
      try {
        return kmsStatementsOnKey(id).length > 0;
      } catch {
        return false;
      }
    });
    expect(users.sort()).toEqual(['CreateComplaintFunction', 'CustomerContactFunction', 'RevealFieldFunction', 'StaffContactFunction']);
  });

  it('cdk-nag finds nothing about the key', () => {
    expect(nag.violations.filter((v) => JSON.stringify(v).includes('FieldKeys'))).toEqual([]);
  });

  const keyTableId = 'CustomerKeysTable';
  const onKeyTable = (fnId: string) =>
    statementsOfFunction(template, fnId)
      .filter((s) => JSON.stringify(s.Resource).includes(keyTableId))
      .flatMap((s) => asList(s.Action))
      .sort();

  it('the customer keys live in their own table, without point-in-time recovery (a restore must not revive a destroyed key)', () => {
    const table = template.Resources[keyTableId]!;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({ KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } });
    expect(table.Properties).not.toHaveProperty('StreamSpecification');
  });

  it('sealers read and add keys, the reveal reads them, erasure and retention only delete them; no other function reaches the table', () => {
    const functionIds = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
    const grants = Object.fromEntries(
      functionIds
        .map((id) => {
          try {
            return [id, onKeyTable(id)] as const;
          } catch {
            return [id, []] as const;
          }
        })
        .filter(([, actions]) => actions.length > 0),
    );
    expect(grants).toEqual({
      CreateComplaintFunction: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      RevealFieldFunction: ['dynamodb:GetItem'],
      CustomerContactFunction: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      StaffContactFunction: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      EraseCustomerDataFunction: ['dynamodb:DeleteItem'],
      CustomerErasureFunction: ['dynamodb:DeleteItem'],
      ExpirePersonalDataFunction: ['dynamodb:DeleteItem'],
    });
  });

  it('erasure destroys customer keys without any KMS permission', () => {
    for (const id of ['EraseCustomerDataFunction', 'CustomerErasureFunction']) expect(statementsOfFunction(template, id).flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('kms:'))).toEqual([]);
    expect(statementsOfFunction(template, 'EraseCustomerDataFunction').flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });
});
