/**
 * Target 6 of issue 14 read from the sources: rules that tell whether the standard tooling is used everywhere. One
 * definition, used by `npm run bench` (bench/tooling.ts) and by the tests that hold the rules
 * (test/adapters/tracer.test.ts, test/infra/heavy-libraries-bundling.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Text of a repository file (path relative to the repository, as esbuild's metafile names our inputs). */
const text = (file: string) => readFileSync(join(root, file), 'utf8');

/** Whether the match at `index` sits on a doc-comment line (`* …`), where an example is no call. */
const inDocComment = (source: string, index: number) => /^\s*\*/.test(source.slice(source.lastIndexOf('\n', index) + 1, index));

/** AWS SDK clients made without `traced()` (functions/adapters/tracer.ts), as `file: new XClient`. */
export function untracedClients(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const source = text(file);
    return [...source.matchAll(/(traced\()?new (\w+Client)\(/g)].filter((m) => !m[1] && !inDocComment(source, m.index)).map((m) => `${file}: new ${m[2]}`);
  });
}

/** Log lines built by hand (`console.*` calls) instead of the shared Powertools logger, as `file: console.x`. */
export function consoleCalls(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const source = text(file);
    return [...source.matchAll(/\bconsole\.(\w+)\(/g)].filter((m) => !inDocComment(source, m.index)).map((m) => `${file}: console.${m[1]}`);
  });
}

/**
 * The shared handler wrappers (Powertools Logger with the correlation ids, Metrics, Tracer): middy's for HTTP
 * (functions/api/http/http-handler.ts; financeRecordRoute is built on jsonHandler) and the one for events
 * (functions/adapters/event-handler.ts).
 */
const WRAPPED = /export const handler = (httpHandler|jsonHandler|eventHandler|financeRecordRoute)\(/;

/** Entry files whose `handler` is not made by a shared wrapper. */
export const unwrappedHandlers = (entries: readonly string[]): string[] => entries.filter((entry) => !WRAPPED.test(text(entry)));
