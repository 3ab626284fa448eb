import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { asList, statementsOfFunction, synthesize } from './synthesized';

/** The KMS key of sealed fields: rotated, and usable only by intake (seal) and the reveal (open), for customer keys only. */

const { template, nag } = synthesize();
const assert = Template.fromJSON(template);
const keyIds = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key' && JSON.stringify(r.Properties).includes('sealed personal fields')).map(([id]) => id);

const kmsStatementsOnKey = (fnId: string, purpose = 'customer-data-key') =>
  statementsOfFunction(template, fnId).filter(
    (s) => asList(s.Action).some((a) => a.startsWith('kms:')) && JSON.stringify(s.Resource).includes(keyIds[0]!) && JSON.stringify(s.Condition).includes(`"${purpose}"`),
  );
const functionIds = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
const safely = <T>(f: () => T[]): T[] => {
  try {
    return f();
  } catch {
    return [];
  }
};
/** Whether the function reads case items (GetItem on the case table), and whether it writes them (the read/write grant). */
const onCaseTable = (fnId: string) => safely(() => statementsOfFunction(template, fnId).filter((s) => JSON.stringify(s.Resource).includes('ComplaintsTable')).flatMap((s) => asList(s.Action)));
const readsCases = (fnId: string) => onCaseTable(fnId).includes('dynamodb:GetItem');
const writesCases = (fnId: string) => onCaseTable(fnId).includes('dynamodb:BatchWriteItem');

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

  it('no other function may use the key for data keys', () => {
    const users = functionIds.filter((id) => {
      try {
        return kmsStatementsOnKey(id).length > 0;
      } catch {
        return false;
      }
    });
    expect(users.sort()).toEqual(['CreateComplaintFunction', 'CustomerContactFunction', 'RevealFieldFunction', 'StaffContactFunction']);
  });

  it("every function that reads case items may open personal-data keys, every writer also make them, only under the personal-key context; no other function uses the key", () => {
    const condition = { StringEquals: { 'kms:EncryptionContext:purpose': 'customer-personal-key' } };
    const readers = functionIds.filter(readsCases);
    expect(readers.length).toBeGreaterThan(40);
    for (const id of functionIds) {
      const statements = safely(() => kmsStatementsOnKey(id, 'customer-personal-key'));
      if (!readsCases(id)) {
        expect(statements, id).toEqual([]);
        continue;
      }
      expect(statements, id).toEqual([expect.objectContaining({ Action: writesCases(id) ? ['kms:Decrypt', 'kms:Encrypt'] : 'kms:Decrypt', Condition: condition })]);
    }
    const anyKms = functionIds.filter((id) => safely(() => statementsOfFunction(template, id)).some((s) => asList(s.Action).some((a) => a.startsWith('kms:')) && JSON.stringify(s.Resource).includes(keyIds[0]!)));
    expect(anyKms.sort()).toEqual(readers.sort());
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

  it('readers of case items read keys, writers and sealers read and add them, erasure and retention also delete them; no other function reaches the table', () => {
    const grants = Object.fromEntries(functionIds.map((id) => [id, safely(() => onKeyTable(id))] as const).filter(([, actions]) => actions.length > 0));
    const expected: Record<string, string[]> = {};
    for (const id of functionIds.filter(readsCases)) expected[id] = writesCases(id) ? ['dynamodb:GetItem', 'dynamodb:UpdateItem'] : ['dynamodb:GetItem'];
    for (const id of ['CustomerContactFunction', 'StaffContactFunction', 'EraseCustomerDataFunction', 'CustomerErasureFunction', 'ExpirePersonalDataFunction']) expected[id] = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'];
    expect(Object.fromEntries(Object.entries(grants).map(([id, a]) => [id, [...new Set(a)].sort()]))).toEqual(expected);
    expect(grants.CreateComplaintFunction).toContain('dynamodb:UpdateItem');
    expect(grants.GetComplaintFunction).toEqual(['dynamodb:GetItem']);
  });

  it('erasure destroys customer keys and opens no data key (it opens personal data only to keep its facts)', () => {
    for (const id of ['EraseCustomerDataFunction', 'CustomerErasureFunction']) expect(kmsStatementsOnKey(id)).toEqual([]);
  });
});
