import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clauseStatus, docsPath, ENFORCEMENT, PRESET_PROOFS, renderPolicyDocs, settingsInUse, unprovenSettings, type Proof } from '../../tools/policy-docs';
import { renderPolicyJsonSchema, schemaPath } from '../../tools/policy-schema';
import { listPresets, loadPolicy, parsePolicy } from '../../functions/domain/policy';

describe('generated files are committed up to date', () => {
  it('policies/policy.schema.json matches the zod schema (regenerate: npx tsx tools/policy-schema.ts)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(renderPolicyJsonSchema());
  });

  it('docs/policies.md matches the presets (regenerate: npx tsx tools/policy-docs.ts)', () => {
    expect(readFileSync(docsPath, 'utf8')).toBe(renderPolicyDocs());
  });

  it('the docs carry a clause table for every preset and the calendar semantics', () => {
    const docs = renderPolicyDocs();
    expect(docs).toContain('## Calendar semantics');
    for (const name of listPresets()) expect(docs).toContain(`Preset \`${name}\``);
    expect(docs.match(/human practice, not enforced by software/g)!.length).toBeGreaterThan(10);
  });

  it('the JSON schema describes the policy fields editors need', () => {
    const schema = JSON.parse(renderPolicyJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['calendars', 'sla', 'escalation', 'sequencing', 'queue', 'messages', 'clauses']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'version', 'calendars', 'sla']));
  });
});

describe('a clause is "enforced" only where a named behavioural test proves it', () => {
  const named = (proofs: Record<string, Proof>) => Object.entries(proofs).flatMap(([key, proof]) => ('test' in proof ? [[key, proof.test, proof.name] as const] : []));
  const everyPreset = Object.values(PRESET_PROOFS).flatMap(named);
  const tests = [...named(ENFORCEMENT), ...everyPreset.filter(([, file, name], i) => everyPreset.findIndex(([, f, n]) => f === file && n === name) === i)];

  it.each(tests)('%s is proven by a test that exists: %s › %s', (_, file, name) => {
    expect(existsSync(file)).toBe(true);
    // The name must open a test (`it(`, `it.each(...)(`), not merely appear in a comment.
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`\\bit(\\.each\\([^]*?\\))?\\(\\s*['"\`]${escaped}['"\`]`));
  });

  it('no proof is a test of the pure domain: each drives the running system (the core on DynamoDB Local, or the local stack)', () => {
    // A domain test calls decide() and sees a state; only the running system shows the mail, the breach, the due time kept.
    expect(tests.filter(([, file]) => !/^test\/(core|workflow|integration)\//.test(file))).toEqual([]);
  });

  it.each(Object.keys(PRESET_PROOFS))('%s: its own proofs are for settings the preset uses', (name) => {
    const inUse = settingsInUse(loadPolicy(name));
    expect(Object.keys(PRESET_PROOFS[name]!).filter((key) => !inUse.includes(key) || ENFORCEMENT[key] === undefined)).toEqual([]);
  });

  it.each(listPresets())('%s: every setting the preset uses is proven by a test, explained as a practice, or marked not enforced yet', (name) => {
    expect(unprovenSettings(loadPolicy(name))).toEqual([]);
  });

  it('fails for a setting that is present but read by nothing (a new category flag)', () => {
    // Prepare: ecomstore with a flag no code reads
    const doc = JSON.parse(readFileSync('policies/ecomstore.json', 'utf8')) as { categories: { flags?: string[] }[] };
    doc.categories[0]!.flags = ['vip'];
    const policy = parsePolicy(doc);
    // Assess
    expect(settingsInUse(policy)).toContain('categories.flags.vip');
    expect(unprovenSettings(policy)).toEqual(['categories.flags.vip']);
  });

  it('a clause naming an unproven setting is "not enforced yet", never "enforced"', () => {
    const earnway = loadPolicy('earnway');
    const closing = earnway.clauses.find((c) => c.ref === 'Closing')!;
    // A clause that names a setting no test proves (here a category flag nothing reads) is never called enforced.
    expect(clauseStatus(earnway, { ...closing, enforcedBy: ['categories[slug=feedback].flags.vip'] }).status).not.toMatch(/^enforced/);
    const conduct = earnway.clauses.find((c) => c.ref === '5.2')!;
    expect(clauseStatus(earnway, conduct).proof.join()).toContain('clauses.test.ts');
  });
});
