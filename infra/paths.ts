import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, independent of the working directory the CLI or a test runs from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function fromRepo(relativePath: string): string {
  return resolve(repoRoot, relativePath);
}
