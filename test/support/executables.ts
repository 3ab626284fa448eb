import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Finds a program the tests drive: the path in `variable` when set, else the first of `names` on PATH that
 * `accept` takes. No fixed paths: a machine may keep its tools anywhere.
 */
export function findExecutable(variable: string, names: readonly string[], accept: (path: string) => boolean = () => true): string | undefined {
  const chosen = process.env[variable];
  if (chosen) return chosen;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
      } catch {
        continue;
      }
      if (accept(path)) return path;
    }
  }
  return undefined;
}

/** The AWS CLI v2 (`AWS_CLI`, else the first `aws` on PATH that is v2: a v1 shim earlier on PATH is passed over). */
export const awsCliV2 = (): string | undefined =>
  findExecutable('AWS_CLI', ['aws'], (path) => /^aws-cli\/2\./.test(spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 }).stdout ?? ''));

/** Chromium (`CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on PATH). */
export const chromiumBinary = (): string | undefined => findExecutable('CHROMIUM', ['chromium', 'chromium-browser', 'google-chrome']);
