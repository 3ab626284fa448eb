import { describe, expect, it } from 'vitest';
import { asList, statementsOfFunction, synthesize } from './synthesized';

/** The identity and data-protection wiring: audit appends only, for the functions that read on staff's behalf. */

const { template } = synthesize();

describe('audit log grants', () => {
  it('the staff read functions may put items under AUDIT# partitions and write nothing else', () => {
    for (const id of ['StaffQueueFunction', 'StaffGetComplaintFunction', 'StaffAuditFunction']) {
      const writes = statementsOfFunction(template, id).filter((s) => asList(s.Action).some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)));
      expect(writes, id).toEqual([{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: expect.anything(), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } } }]);
    }
  });
});
