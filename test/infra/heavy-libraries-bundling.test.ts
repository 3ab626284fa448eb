/**
 * Heavy libraries go only into the functions that use them, checked on real esbuild output built with the
 * functions' options.
 *
 * The AWS Encryption SDK (with asn1.js, bn.js and readable-stream, about 280 KiB minified) goes only into the
 * functions that seal or open a field. Every function imports the wiring, which holds the field cipher's factory;
 * one top-level statement with a side effect in the cipher's module (building the SDK client at import, as it once
 * did) makes esbuild keep the whole SDK in all of them.
 *
 * pdf-lib (about 400 KiB) goes only into the evidence pack's function: the OpenAPI document reads the pack's schemas
 * from a module of their own, not from the use case that renders the PDF.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../bench/bundles';

const root = resolve(import.meta.dirname, '../..');
const PDF_LIB = /node_modules\/(pdf-lib|@pdf-lib\/[a-z-]+|pako)\//;
const ENCRYPTION_SDK = /node_modules\/(@aws-crypto\/(client-node|material-management|serialize)|asn1\.js|bn\.js)\//;

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({ ...lambdaBuildOptions({ preset: 'promptearn', bundleAwsSdk: false }), sourcemap: false, entryPoints: [resolve(root, entry)], write: false, outfile: '/tmp/heavy-libraries-bundling/index.mjs', metafile: true });
  return Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f));
}

describe('heavy libraries in bundles', () => {
  it('a case view bundles no Encryption SDK; intake, which seals, does', async () => {
    // Act
    const [view, intake] = await Promise.all([bundledInputs('functions/api/get-complaint.ts'), bundledInputs('functions/api/create-complaint.ts')]);
    // Assess
    expect(view.filter((f) => ENCRYPTION_SDK.test(f))).toEqual([]);
    expect(intake.some((f) => ENCRYPTION_SDK.test(f))).toBe(true);
  }, 60_000);

  it("the OpenAPI document's function bundles no PDF renderer; the evidence pack's does", async () => {
    const [document, pack] = await Promise.all([bundledInputs('functions/api/get-openapi.ts'), bundledInputs('functions/api/finance/evidence-pack.ts')]);
    expect(document.filter((f) => PDF_LIB.test(f))).toEqual([]);
    expect(pack.some((f) => PDF_LIB.test(f))).toBe(true);
  }, 60_000);
});
