/**
 * Which libraries the finance code puts into a Lambda bundle, checked on real esbuild output built with the
 * functions' options. Why a test: pdf-lib is ~500 KB minified; the finance index leaves the PDF and CSV renderers
 * out on purpose, and one re-export added there would silently put them into every finance handler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../../bench/bundles';

const root = resolve(import.meta.dirname, '../../..');
const outDir = mkdtempSync(join(tmpdir(), 'redress-finance-bundling-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The npm packages that end up in the bundle of `source`. */
async function packagesIn(name: string, source: string): Promise<string[]> {
  const result = await build({
    ...lambdaBuildOptions({ preset: 'promptearn', bundleAwsSdk: false }),
    sourcemap: false,
    stdin: { contents: source, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' },
    outfile: join(outDir, name, 'index.mjs'),
    metafile: true,
  });
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f));
  return [...new Set(inputs.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((p): p is string => Boolean(p)))].sort();
}

describe('finance bundling', () => {
  it('a webhook or refund handler bundles neither the PDF nor the CSV library', async () => {
    const packages = await packagesIn(
      'finance-webhook',
      `import { receiveWebhook, decideRefund, proposeRefund, decideChargeback } from './functions/domain/finance';
       console.log(typeof receiveWebhook, typeof decideRefund, typeof proposeRefund, typeof decideChargeback);`,
    );

    expect(packages).not.toContain('pdf-lib');
    expect(packages).not.toContain('csv-stringify');
    expect(packages).toContain('zod');
  });

  it('the evidence-pack and export entries bring their library', async () => {
    const pdf = await packagesIn('finance-pdf', `import { renderEvidencePdf } from './functions/domain/finance/chargeback/evidence-pdf'; console.log(typeof renderEvidencePdf);`);
    const csv = await packagesIn('finance-csv', `import { reconciliationCsv } from './functions/domain/finance/export/reconciliation-csv'; console.log(typeof reconciliationCsv);`);

    expect(pdf).toContain('pdf-lib');
    expect(csv).toContain('csv-stringify');
    expect(csv).not.toContain('pdf-lib');
  });

  it.each([
    ['propose-refund', 'functions/api/finance/propose-refund.ts'],
    ['decide-refund', 'functions/api/finance/decide-refund.ts'],
    ['payment-webhook', 'functions/api/finance/payment-webhook.ts'],
    ['finance-queue', 'functions/api/finance/finance-queue.ts'],
    ['finance-totals', 'functions/api/finance/finance-totals.ts'],
    ['finance-timers', 'functions/workflow/finance-timers.ts'],
  ])('the %s handler bundles neither luxon nor pdf-lib nor the CSV library', async (name, entry) => {
    const packages = await packagesIn(name, `import { handler } from './${entry}'; console.log(typeof handler);`);

    expect(packages).not.toContain('luxon');
    expect(packages).not.toContain('pdf-lib');
    expect(packages).not.toContain('csv-stringify');
  });

  it('the evidence-pack handler brings pdf-lib and no more', async () => {
    const packages = await packagesIn('evidence-pack', `import { handler } from './functions/api/finance/evidence-pack.ts'; console.log(typeof handler);`);

    expect(packages).toContain('pdf-lib');
    expect(packages).not.toContain('luxon');
    expect(packages).not.toContain('csv-stringify');
  });

  it('the export handler brings the CSV library and no more', async () => {
    const packages = await packagesIn('finance-export', `import { handler } from './functions/api/finance/finance-export.ts'; console.log(typeof handler);`);

    expect(packages).toContain('csv-stringify');
    expect(packages).not.toContain('luxon');
    expect(packages).not.toContain('pdf-lib');
  });
});
