import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docsPath, renderPolicyDocs } from '../../tools/policy-docs';
import { renderPolicyJsonSchema, schemaPath } from '../../tools/policy-schema';
import { listPresets } from '../../functions/domain/policy';

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
    expect(docs.match(/a human practice, not enforced by software/g)!.length).toBeGreaterThan(10);
  });

  it('the JSON schema describes the policy fields editors need', () => {
    const schema = JSON.parse(renderPolicyJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['calendars', 'sla', 'escalation', 'sequencing', 'queue', 'messages', 'clauses']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'version', 'calendars', 'sla']));
  });
});
