import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The .sql files of this folder as one TypeScript module (sql.generated.ts): a deployed function bundles the query
 * text (esbuild copies no .sql file), while the .sql files stay the text people read and edit.
 * `npm run kpi:queries` rewrites the module; test/analytics/render-query.test.ts fails while it is stale.
 */

export const SQL_FILES = { counts: 'counts.sql', durations: 'durations.sql', sla: 'sla.sql', latestFacts: 'fragments/latest-facts.sql' } as const;

const here = (file: string) => fileURLToPath(new URL(`./${file}`, import.meta.url));

export function sqlModuleText(): string {
  const entries = Object.entries(SQL_FILES).map(([name, file]) => `  ${name}: ${JSON.stringify(readFileSync(here(file), 'utf8'))},`);
  return `// Generated from the .sql files beside it by \`npm run kpi:queries\` (sql-module.ts); edit those, not this.\nexport const SQL = {\n${entries.join('\n')}\n} as const;\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(here('sql.generated.ts'), sqlModuleText());
  console.log('wrote functions/analytics/queries/sql.generated.ts');
}
