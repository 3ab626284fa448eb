import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { packagedPolicies } from '../../functions/adapters/wiring';
import { loadPolicy } from '../../functions/domain/policy';
import { checkLock, fingerprint, lockProblems, missingVersions } from '../../tools/policy-versions';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';
import { openedCase } from '../api/fixtures';
import { testCustomerIndex } from '../support/customer-index';

describe('a preset never changes under the cases that started with it', () => {
  it('every shipped preset matches the version recorded in policies/versions.lock.json', () => {
    expect(checkLock().map((p) => p.message)).toEqual([]);
  });

  const v1 = { name: 'acme', version: '1.0.0', sla: { a: 1 } };
  const lock = { acme: { version: '1.0.0', sha256: fingerprint(v1) } };

  it('a document changed without a new version is refused; key order and whitespace are not a change', () => {
    expect(lockProblems({ acme: { sla: { a: 1 }, version: '1.0.0', name: 'acme' } }, {}, lock, {})).toEqual([]);
    expect(lockProblems({ acme: { ...v1, sla: { a: 2 } } }, {}, lock, {})).toEqual([{ message: expect.stringMatching(/changed but its version is still 1\.0\.0/), lockable: false }]);
  });

  it('a new version needs the previous one archived and registered; then lock records it', () => {
    const v2 = { ...v1, version: '2.0.0', sla: { a: 2 } };
    expect(lockProblems({ acme: v2 }, {}, lock, {})).toEqual([{ message: expect.stringMatching(/1\.0\.0 is not archived/), lockable: false }]);
    expect(lockProblems({ acme: v2 }, { acme: [v1] }, lock, { acme: ['1.0.0.json'] })).toEqual([{ message: expect.stringMatching(/record 2\.0\.0/), lockable: true }]);
    expect(lockProblems({ acme: v2 }, { acme: [v1] }, lock, { acme: ['1.0.0.json', '0.9.0.json'] }).map((p) => p.message)).toContainEqual(expect.stringMatching(/0\.9\.0\.json is not registered/));
  });
});

describe('check-deployed', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await startTestDb();
  });
  afterAll(async () => db?.stop());

  it('names each policy version open cases reference that the package lacks, with how many cases', async () => {
    // Prepare: one case under the preset in force, two under a version no package carries
    const store = new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex);
    const current = openedCase();
    await store.create(current.theCase, current.firstEvent);
    for (let i = 0; i < 2; i++) {
      const old = openedCase();
      old.theCase.policy = { name: 'promptearn', version: '0.9.0' };
      await store.create(old.theCase, old.firstEvent);
    }
    // Act
    const missing = await missingVersions(store, packagedPolicies('promptearn'));
    // Assess
    expect(loadPolicy('promptearn').version).not.toBe('0.9.0');
    expect(missing).toEqual([{ policy: 'promptearn', version: '0.9.0', cases: 2 }]);
  });
});
