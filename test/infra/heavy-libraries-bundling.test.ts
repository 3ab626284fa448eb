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
 * from a module of their own, not from the use case that renders the PDF, and the chargeback decision checks a pack's
 * name with a module of its own (domain/finance/chargeback/evidence-pack-name.ts).
 *
 * And every function's bundle stays within target 1 of issue 14 (150 KiB minified, AWS SDK external, as
 * bench/bundle-sizes.ts measures it), or within the ceiling recorded below for the functions not there yet.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../bench/bundles';
import { BUNDLE_LIMIT_BYTES, bundleSizes, deployedEntries } from '../../bench/bundle-sizes';
import { consoleCalls, unwrappedHandlers } from '../../bench/source-rules';

const root = resolve(import.meta.dirname, '../..');
const PDF_LIB = /node_modules\/(pdf-lib|@pdf-lib\/[a-z-]+|pako)\//;
const POWERTOOLS = /node_modules\/(@aws-lambda-powertools\/[a-z-]+|aws-xray-sdk-core|cls-hooked)\//;
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

  it('no bundle holds Powertools or the X-Ray SDK: they come from the Powertools layer, which each bundle imports', async () => {
    // Act
    const entries = ['functions/api/create-complaint.ts', 'functions/workflow/acknowledge.ts', 'functions/analytics/on-case-change.ts'];
    const built = await Promise.all(entries.map((entry) => build({ ...lambdaBuildOptions({ preset: 'promptearn', bundleAwsSdk: false }), sourcemap: false, entryPoints: [resolve(root, entry)], write: false, outfile: '/tmp/heavy-libraries-bundling/index.mjs', metafile: true })));
    // Assess
    for (const result of built) {
      const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
      expect(inputs.filter((f) => POWERTOOLS.test(f))).toEqual([]);
      const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text;
      for (const used of ['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-lambda-powertools/tracer']) expect(code).toContain(`"${used}"`);
    }
  }, 60_000);

  it("the OpenAPI document's and the chargeback decision's functions bundle no PDF renderer; the evidence pack's does", async () => {
    const [document, decision, pack] = await Promise.all([
      bundledInputs('functions/api/get-openapi.ts'),
      bundledInputs('functions/api/finance/decide-chargeback.ts'),
      bundledInputs('functions/api/finance/evidence-pack.ts'),
    ]);
    expect(document.filter((f) => PDF_LIB.test(f))).toEqual([]);
    expect(decision.filter((f) => PDF_LIB.test(f))).toEqual([]);
    expect(pack.some((f) => PDF_LIB.test(f))).toBe(true);
  }, 60_000);
});

/**
 * Functions whose bundle is still over the 150 KiB target, each with the size it may not grow past (KiB, measured
 * 2026-12-04 with preset promptearn, Powertools in its layer, and rounded up with 3-8 KiB of room). What keeps them
 * over is in bench/README.md ("Target 1"): zod/mini (~22-41 KiB; classic was ~83-99 KiB), the policy preset (19 KiB) and its
 * archived versions (6 KiB, brotli-compressed since branch policysize; 36 KiB as JSON before), and per function the Encryption SDK, pdf-lib, postal-mime or file-type. Lower a ceiling when
 * a bundle shrinks; a function under the limit must leave this table.
 */
const CEILING_KIB: Readonly<Record<string, number>> = {
  buildEvidencePack: 585, // 579.2
  customerContact: 450, // 442.4
  createComplaint: 445, // 441.8
  staffContact: 445, // 441.4
  revealField: 425, // 418.7
  inboundEmail: 400, // 395.1
  socialWebhook: 245, // 240.8
  staffAction: 240, // 233.4
  customerAction: 240, // 232.9
  resolveIncident: 235, // 231.5
  paymentWebhook: 230, // 223.2
  incidentFanOut: 220, // 216.9
  acknowledge: 220, // 216.5
  staffListAttachments: 220, // 213.7
  customerListAttachments: 215, // 210.6
  applyDueClocks: 215, // 210.0
  proposeRefund: 210, // 206.4
  decideChargeback: 205, // 198.5
  decideRefund: 205, // 198.1
  financeTimers: 195, // 189.1
  getOpenApi: 190, // 184.9
  declareIncident: 185, // 177.9
  postIncidentUpdate: 185, // 177.7
  staffGetComplaint: 170, // 164.6
  onCaseChange: 165, // 160.0
  sendDueOutbox: 165, // 158.5
  staffLiftFlag: 165, // 158.3
  customerErasure: 165, // 158.3
  customerExport: 160, // 156.6
  eraseCustomerData: 160, // 153.2
  staffExport: 160, // 153.1
  getComplaint: 155, // 151.3
  sendKpiReport: 155, // 150.2
};

/** Every deployed function built once for the tests below (one esbuild run). */
let built: ReturnType<typeof bundleSizes> | undefined;
const allBundles = () => (built ??= bundleSizes(deployedEntries(), 'promptearn'));

describe('bundle size (issue 14, target 1)', () => {
  it('every function is within 150 KiB, or within its recorded ceiling while it is not there yet', async () => {
    // Act
    const sizes = await allBundles();
    // Assess
    const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    const tooLarge = sizes.filter((s) => s.bytes > (CEILING_KIB[s.name] ?? BUNDLE_LIMIT_BYTES / 1024) * 1024).map((s) => `${s.name} ${kib(s.bytes)} KiB (${s.contributors.slice(0, 3).map(([c, b]) => `${c} ${kib(b)}`).join(', ')})`);
    expect(tooLarge).toEqual([]);
    const noLongerOver = sizes.filter((s) => s.name in CEILING_KIB && s.bytes <= BUNDLE_LIMIT_BYTES).map((s) => s.name);
    expect(noLongerOver, 'under the limit now: remove from CEILING_KIB').toEqual([]);
    expect(Object.keys(CEILING_KIB).filter((name) => !sizes.some((s) => s.name === name)), 'no such function').toEqual([]);
  }, 180_000);

  it('a function that decides cases carries its preset\'s archived policy versions only as the compressed module, no other preset\'s', async () => {
    // Act
    const sizes = await allBundles();
    // Assess: the archived documents (policies/versions/<preset>/*.json) reach a bundle only packed by `npm run policy:versions -- lock`.
    const archives = (name: string) => sizes.find((s) => s.name === name)!.inputs.filter((f) => f.startsWith('policies/versions/'));
    expect(archives('getComplaint')).toEqual(['policies/versions/promptearn.generated.ts']);
    expect(sizes.flatMap((s) => s.inputs.filter((f) => f.startsWith('policies/versions/') && f !== 'policies/versions/promptearn.generated.ts'))).toEqual([]);
  }, 180_000);

  it('no function bundles zod classic (~90 KiB where zod/mini costs 22-41), and every one that bundles zod bundles its English messages', async () => {
    // Act
    const sizes = await allBundles();
    // Assess: classic's methods live in zod/v4/classic; the locale is kept only while package.json marks functions/domain/zod.ts as having side effects.
    const zodClassic = /node_modules\/zod\/v4\/classic\//;
    const zodCore = /node_modules\/zod\/v4\/core\//;
    const english = /node_modules\/zod\/v4\/locales\/en\.js$/;
    expect(sizes.filter((s) => s.inputs.some((f) => zodClassic.test(f))).map((s) => s.name)).toEqual([]);
    expect(sizes.filter((s) => s.inputs.some((f) => zodCore.test(f)) && !s.inputs.some((f) => english.test(f))).map((s) => s.name)).toEqual([]);
    expect(sizes.filter((s) => s.inputs.some((f) => english.test(f))).length).toBe(sizes.length);
  }, 180_000);
});

describe('standard tooling in what is deployed (issue 14, target 6)', () => {
  it('our code in the bundles builds no log line by hand, and every handler is made by a shared wrapper', async () => {
    // Act
    const sizes = await allBundles();
    const ours = [...new Set(sizes.flatMap((s) => s.inputs).filter((f) => f.startsWith('functions/') && f.endsWith('.ts')))];
    // Assess
    expect(ours.length).toBeGreaterThan(100);
    expect(consoleCalls(ours)).toEqual([]);
    expect(unwrappedHandlers(Object.values(deployedEntries()))).toEqual([]);
  }, 180_000);
});
