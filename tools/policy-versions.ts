/**
 * npm run policy:versions -- lock | check | check-deployed --table <name> [--preset <name>]
 *
 * A case is decided by the policy version it started under, so a deployment must carry every version an open case
 * still references. Two guards keep that true:
 *
 * - `check` (run by the tests): each preset's document matches the version recorded in policies/versions.lock.json.
 *   A preset changed without a new version, or a new version whose previous document was not archived under
 *   policies/versions/<preset>/<version>.json, fails with what to do; so does an archived document that is not a
 *   valid policy, or a package module (policies/versions/<preset>.generated.ts, what policies/index.ts imports)
 *   that does not hold exactly the archived documents. `lock` records the current documents and writes those
 *   modules once that is done.
 * - `check-deployed` (run by `npm run deploy` before `cdk deploy`, with the deploy credentials): reads the open cases
 *   of the live table and fails, listing them, when one references a version the package being deployed lacks.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { archiveModule, packVersions, unpackVersions } from '../policies/archive';
import { earlierVersions, presets } from '../policies/index';
import { PolicyVersionMissingError } from '../functions/core/policy-book';
import { parsePolicy } from '../functions/domain/policy';
import type { CaseStore, PolicyBook } from '../functions/core/ports';
import { OPEN_STATUSES } from '../functions/core/use-cases/list-queue';
import type { CaseStatus } from '../functions/domain/case';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LOCK_FILE = join(ROOT, 'policies/versions.lock.json');
export const VERSIONS_DIR = join(ROOT, 'policies/versions');

type Lock = Record<string, { version: string; sha256: string }>;
type Doc = { name?: unknown; version?: unknown };

/** The content fingerprint of a policy document: key order and whitespace do not count, any value does. */
export function fingerprint(document: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(document))).digest('hex');
}

const versionOf = (d: unknown): string => String((d as Doc).version);

/** A disagreement; `lock` may fix only the ones that record a new, properly archived state (`lockable`). */
export interface LockProblem {
  message: string;
  lockable: boolean;
}

/**
 * What is wrong between the presets, their archived documents (preset → file name → document, as on disk), the lock
 * and the package's archives (preset → documents, as policies/index.ts carries them); empty when all agree.
 */
export function lockProblems(current: Record<string, unknown>, archived: Record<string, Record<string, unknown>>, lock: Lock, packaged: Record<string, unknown[]>): LockProblem[] {
  const problems: LockProblem[] = [];
  const problem = (message: string, lockable = false) => problems.push({ message, lockable });
  for (const [preset, document] of Object.entries(current)) {
    const locked = lock[preset];
    const version = versionOf(document);
    if (!locked) problem(`${preset}: not in policies/versions.lock.json; run npm run policy:versions -- lock`, true);
    else if (locked.version === version && locked.sha256 !== fingerprint(document)) {
      problem(`${preset}: the document changed but its version is still ${version}; give it a new version (cases already open keep the promises of ${version})`);
    } else if (locked.version !== version && !Object.values(archived[preset] ?? {}).some((d) => versionOf(d) === locked.version)) {
      problem(`${preset}: version ${locked.version} was replaced by ${version}, but ${locked.version} is not archived; copy the previous document to policies/versions/${preset}/${locked.version}.json and run npm run policy:versions -- lock`);
    } else if (locked.version !== version) problem(`${preset}: ${locked.version} is archived; record ${version} with npm run policy:versions -- lock`, true);
  }
  for (const [preset, files] of Object.entries(archived)) {
    for (const [file, d] of Object.entries(files)) {
      if ((d as Doc).name !== preset) problem(`${preset}: policies/versions/${preset}/${file} names the policy ${String((d as Doc).name)}`);
      if (file !== `${versionOf(d)}.json`) problem(`${preset}: policies/versions/${preset}/${file} holds version ${versionOf(d)}; name the file after its version`);
    }
  }
  for (const preset of new Set([...Object.keys(archived), ...Object.keys(packaged)])) {
    const onDisk = Object.values(archived[preset] ?? {}).map(fingerprint).sort();
    const inPackage = packaged[preset];
    if (inPackage === undefined) {
      if (onDisk.length) problem(`${preset}: its archived versions are not in the package; run npm run policy:versions -- lock, then import policies/versions/${preset}.generated.ts in policies/index.ts (earlierVersions)`, true);
    } else if (JSON.stringify(inPackage.map(fingerprint).sort()) !== JSON.stringify(onDisk)) {
      problem(`${preset}: policies/versions/${preset}.generated.ts does not hold the documents in policies/versions/${preset}/; run npm run policy:versions -- lock`, true);
    }
  }
  return problems;
}

/** An archived document that is not a valid policy would fail only when its first old case is read: refuse it now. */
export function invalidArchivedVersions(archived: Record<string, Record<string, unknown>>): LockProblem[] {
  const problems: LockProblem[] = [];
  for (const [preset, files] of Object.entries(archived)) {
    for (const [file, d] of Object.entries(files)) {
      try {
        parsePolicy(d, `policies/versions/${preset}/${file}`);
      } catch (e) {
        problems.push({ message: (e as Error).message, lockable: false });
      }
    }
  }
  return problems;
}

/** The archived documents on disk: preset → file name → document. */
export function archivedOnDisk(): Record<string, Record<string, unknown>> {
  if (!existsSync(VERSIONS_DIR)) return {};
  return Object.fromEntries(
    readdirSync(VERSIONS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => [e.name, Object.fromEntries(readdirSync(join(VERSIONS_DIR, e.name)).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(join(VERSIONS_DIR, e.name, f), 'utf8')) as unknown]))]),
  );
}

/** The archived documents the package carries (policies/index.ts, inflated); a module that does not inflate matches no documents, so the check names the command. */
export const packagedArchives = (): Record<string, unknown[]> =>
  Object.fromEntries(
    Object.entries(earlierVersions).map(([preset, archive]) => {
      try {
        return [preset, unpackVersions(archive)];
      } catch {
        return [preset, [{ unreadable: `policies/versions/${preset}.generated.ts` }]];
      }
    }),
  );

export const readLock = (): Lock => (existsSync(LOCK_FILE) ? (JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as Lock) : {});
export function checkLock(): LockProblem[] {
  const archived = archivedOnDisk();
  return [...lockProblems(presets, archived, readLock(), packagedArchives()), ...invalidArchivedVersions(archived)];
}

/** Writes policies/versions/<preset>.generated.ts for each preset with archived documents or already in the package. */
function writeArchiveModules(archived: Record<string, Record<string, unknown>>): void {
  for (const preset of new Set([...Object.keys(archived), ...Object.keys(earlierVersions)])) {
    const documents = Object.values(archived[preset] ?? {});
    if (!documents.length && !(preset in earlierVersions)) continue;
    const file = join(VERSIONS_DIR, `${preset}.generated.ts`);
    writeFileSync(file, archiveModule(preset, packVersions(documents)));
    console.log(`wrote ${file}`);
  }
}

/** The policy versions open cases reference that `book` does not carry, with how many cases each. */
export async function missingVersions(store: Pick<CaseStore, 'queuePage'>, book: PolicyBook): Promise<{ policy: string; version: string; cases: number }[]> {
  const missing = new Map<string, { policy: string; version: string; cases: number }>();
  let after: Partial<Record<CaseStatus, string>> | undefined;
  do {
    const page = await store.queuePage({ statuses: ['received', ...OPEN_STATUSES], limit: 100, ...(after ? { after } : {}) });
    for (const c of page.cases) {
      try {
        book.of(c.policy);
      } catch (e) {
        if (!(e instanceof PolicyVersionMissingError)) throw e;
        const key = `${c.policy.name}@${c.policy.version}`;
        const m = missing.get(key) ?? { policy: c.policy.name, version: c.policy.version, cases: 0 };
        m.cases++;
        missing.set(key, m);
      }
    }
    after = page.after;
  } while (after);
  return [...missing.values()];
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { table: { type: 'string' }, preset: { type: 'string' }, help: { type: 'boolean' } } });
  const command = positionals[0];
  if (values.help || !command) {
    console.log('usage: npm run policy:versions -- lock | check | check-deployed --table <name> [--preset <name>]');
    return values.help ? 0 : 1;
  }
  if (command === 'check' || command === 'lock') {
    const problems = checkLock().filter((p) => command === 'check' || !p.lockable);
    if (problems.length) {
      console.error(problems.map((p) => p.message).join('\n'));
      return 1;
    }
    if (command === 'lock') {
      writeArchiveModules(archivedOnDisk());
      const lock: Lock = Object.fromEntries(Object.entries(presets).map(([p, d]) => [p, { version: versionOf(d), sha256: fingerprint(d) }]));
      writeFileSync(LOCK_FILE, `${JSON.stringify(lock, null, 2)}\n`);
      console.log(`wrote ${LOCK_FILE}`);
    } else console.log('every preset matches its locked version');
    return 0;
  }
  if (command === 'check-deployed') {
    if (!values.table) throw new Error('--table <name> is required');
    const { DynamoCaseStore } = await import('../functions/adapters/dynamodb-case-store');
    const { customerIndexFromEnv } = await import('../functions/adapters/customer-index');
    const { documentClient } = await import('../functions/adapters/dynamodb-client');
    const { packagedPolicies } = await import('../functions/adapters/wiring');
    const { defaultPreset } = await import('../policies/index');
    const preset = values.preset ?? defaultPreset;
    const missing = await missingVersions(new DynamoCaseStore(documentClient, values.table, customerIndexFromEnv()), packagedPolicies(preset));
    if (missing.length) {
      console.error(`the package for ${preset} lacks policy versions open cases started under:\n${missing.map((m) => `  ${m.policy} ${m.version}: ${m.cases} open case(s)`).join('\n')}\narchive them under policies/versions/ before deploying`);
      return 1;
    }
    console.log(`every open case's policy version is in the package for ${preset}`);
    return 0;
  }
  console.error(`unknown command ${command}`);
  return 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
