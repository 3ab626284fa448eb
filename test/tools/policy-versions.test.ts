import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { packagedPolicies } from '../../functions/adapters/wiring';
import { loadPolicy, parsePolicy } from '../../functions/domain/policy';
import { packVersions, unpackVersions } from '../../policies/archive';
import { archivedOnDisk, checkLock, fingerprint, invalidArchivedVersions, lockProblems, missingVersions } from '../../tools/policy-versions';
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

  it('a new version needs the previous one archived; then lock records it and packs the archive', () => {
    const v2 = { ...v1, version: '2.0.0', sla: { a: 2 } };
    expect(lockProblems({ acme: v2 }, {}, lock, {})).toEqual([{ message: expect.stringMatching(/1\.0\.0 is not archived/), lockable: false }]);
    expect(lockProblems({ acme: v2 }, { acme: { '1.0.0.json': v1 } }, lock, { acme: [v1] })).toEqual([{ message: expect.stringMatching(/record 2\.0\.0/), lockable: true }]);
    expect(lockProblems({ acme: v2 }, { acme: { '1.0.0.json': v1, '0.9.0.json': v1 } }, lock, { acme: [v1] }).map((p) => p.message)).toContainEqual(expect.stringMatching(/0\.9\.0\.json holds version 1\.0\.0/));
  });

  it('the package must hold exactly the archived documents: a stale or missing archive module names the command', () => {
    const v2 = { ...v1, version: '2.0.0', sla: { a: 2 } };
    const locked2 = { acme: { version: '2.0.0', sha256: fingerprint(v2) } };
    const archived = { acme: { '1.0.0.json': v1 } };
    expect(lockProblems({ acme: v2 }, archived, locked2, { acme: [v1] })).toEqual([]);
    expect(lockProblems({ acme: v2 }, archived, locked2, { acme: [{ ...v1, sla: { a: 9 } }] })).toEqual([{ message: 'acme: policies/versions/acme.generated.ts does not hold the documents in policies/versions/acme/; run npm run policy:versions -- lock', lockable: true }]);
    expect(lockProblems({ acme: v2 }, archived, locked2, { acme: [] }).map((p) => p.message)).toEqual([expect.stringContaining('run npm run policy:versions -- lock')]);
    expect(lockProblems({ acme: v2 }, archived, locked2, {})).toEqual([{ message: expect.stringMatching(/not in the package; run npm run policy:versions -- lock, then import policies\/versions\/acme\.generated\.ts/), lockable: true }]);
  });

  it('an archived document that is not a valid policy is refused before any deploy', () => {
    const broken = { ...structuredClone(loadPolicy('promptearn')), version: '0.1.0', categories: 'none' };
    expect(invalidArchivedVersions({ promptearn: { '0.1.0.json': broken } })).toEqual([{ message: expect.stringMatching(/policies\/versions\/promptearn\/0\.1\.0\.json is invalid:\n {2}categories/), lockable: false }]);
    expect(invalidArchivedVersions(archivedOnDisk())).toEqual([]);
  });

  it('packs and unpacks archived versions losslessly, oldest first', () => {
    const docs = [{ ...v1, version: '1.10.0' }, v1, { ...v1, version: '1.9.0' }];
    const archive = packVersions(docs);
    expect(archive.versions).toEqual(['1.0.0', '1.9.0', '1.10.0']);
    expect(unpackVersions(archive)).toEqual([v1, docs[2], docs[0]]);
  });
});

describe('the package\'s policy book (functions/adapters/wiring.ts)', () => {
  it('carries every archived version of each preset, as on disk, and the preset in force', () => {
    for (const [preset, files] of Object.entries(archivedOnDisk())) {
      const book = packagedPolicies(preset);
      expect(book.current()).toBe(loadPolicy(preset));
      for (const document of Object.values(files)) {
        const ref = { name: preset, version: String((document as { version: string }).version) };
        expect(book.of(ref)).toEqual(parsePolicy(document));
        expect(book.of(ref)).toBe(book.of(ref)); // inflated and validated once
        expect(book.of(ref).version).not.toBe(loadPolicy(preset).version);
      }
    }
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
