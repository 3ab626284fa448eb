import { describe, expect, it } from 'vitest';
import { asList, statementsOfFunction, synthesize } from './synthesized';

/** Retention and legal hold wiring: the holds' writes only under LEGALHOLD#, the expiry on a daily schedule. */

const { template } = synthesize();
const writesOf = (id: string) => statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)));

describe('legal hold grants', () => {
  it('the hold functions read the table and write only hold items and audit entries', () => {
    for (const id of ['PlaceLegalHoldFunction', 'ReleaseLegalHoldFunction']) {
      expect(writesOf(id), id).toEqual([
        { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'], Resource: expect.anything(), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LEGALHOLD#*'] } } },
        { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: expect.anything(), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } } },
      ]);
      expect(statementsOfFunction(template, id).flatMap((s) => asList(s.Action)), id).toContain('dynamodb:GetItem');
    }
  });
});

describe('retention expiry', () => {
  it("runs daily on a schedule rule, with the table, and KMS only for personal-data keys (it opens a case's personal parts to keep its facts; destroying a data key needs none)", () => {
    const rules = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties?.Targets ?? []).includes('ExpirePersonalDataFunction'),
    );
    expect(rules.map((r) => r.Properties!.ScheduleExpression)).toEqual(['rate(1 day)']);
    const actions = statementsOfFunction(template, 'ExpirePersonalDataFunction').flatMap((s) => asList(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']));
    const kms = statementsOfFunction(template, 'ExpirePersonalDataFunction').filter((s) => asList(s.Action).some((a) => a.startsWith('kms:')));
    expect(kms.map((s) => s.Condition)).toEqual([{ StringEquals: { 'kms:EncryptionContext:purpose': 'customer-personal-key' } }]);
  });
});
