/**
 * Writes policies/policy.schema.json from the zod policy schema, so editors validate and complete preset files.
 * Run: npx tsx tools/policy-schema.ts   (test/tools/policy-schema.test.ts fails when the committed file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyJsonSchema } from '../functions/domain/policy/load';

export const schemaPath = fileURLToPath(new URL('../policies/policy.schema.json', import.meta.url));

export function renderPolicyJsonSchema(): string {
  const schema = { ...policyJsonSchema(), title: 'Redress policy', description: 'A written support policy as configuration (functions/domain/policy/schema.ts).' };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaPath, renderPolicyJsonSchema());
  console.log(`wrote ${schemaPath}`);
}
