import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { handlerNames, handlers, type HandlerSpec } from '../../infra/handlers';
import { repoRoot } from '../../infra/paths';
import type { CfnTemplate } from '../../infra/synth';

const run = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'redress-cdk-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * The real CLI path (`npx cdk synth`, esbuild bundling included) with no AWS credentials, an
 * empty home and every proxy pointing at a closed port, so any network call would fail.
 */
describe('npx cdk synth', () => {
  it(
    'synthesizes offline without credentials and bundles each handler as minified ESM with a source map',
    async () => {
      const outdir = join(workDir, 'cdk.out');
      const home = join(workDir, 'home');
      const env: NodeJS.ProcessEnv = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !key.startsWith('CDK_')),
      );
      Object.assign(env, {
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        npm_config_cache: join(repoRoot, 'node_modules', '.cache', 'npm'),
        npm_config_offline: 'true',
      });
      await run('npx', ['cdk', 'synth', '--no-notices', '--quiet', '-o', outdir], { cwd: repoRoot, env, maxBuffer: 64 << 20 });

      const template = JSON.parse(readFileSync(join(outdir, 'RedressStack.template.json'), 'utf8')) as CfnTemplate;
      const functions = Object.values(template.Resources).filter(
        (r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['redress:entry'],
      );
      expect(functions).toHaveLength(handlerNames.length);
      for (const fn of functions) {
        const assetDir = join(outdir, String(fn.Metadata!['aws:asset:path']));
        const files = readdirSync(assetDir).sort();
        // The bundle, its map, and the files the route table says the code reads beside them (top-level names).
        const spec: HandlerSpec | undefined = Object.values(handlers).find((h) => h.entry === fn.Metadata!['redress:entry']);
        const besides = (spec?.bundleFiles ?? []).map((f) => f.to.split('/')[0]!);
        expect(files, String(fn.Metadata!['redress:entry'])).toEqual([...new Set(['index.mjs', 'index.mjs.map', ...besides])].sort());
        const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
        const entry = String(fn.Metadata!['redress:entry']);
        // Minified: long lines (only template literals keep their newlines); readable output averages ~40 chars.
        const charsPerLine = Math.round(code.length / code.split('\n').length);
        expect(charsPerLine, `${entry} chars per line`).toBeGreaterThan(400);
        // ESM with the source map linked (numbers and booleans only, so a failure does not print the bundle).
        expect(code.startsWith("import { createRequire } from 'node:module';"), `${entry} ESM banner`).toBe(true);
        expect(/sourceMappingURL=index\.mjs\.map\s*$/.test(code), `${entry} source map link`).toBe(true);
        expect(statSync(join(assetDir, 'index.mjs.map')).size).toBeGreaterThan(0);
      }
    },
    // About 55 s on an idle 2-core machine; several minutes when other test suites share the cores.
    540_000,
  );
});
