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
 * over is in bench/README.md ("Target 1"): zod classic (~83-99 KiB in every function), the policy preset and its
 * archived versions (~55 KiB), and per function the Encryption SDK, pdf-lib, postal-mime or file-type. Lower a ceiling when
 * a bundle shrinks; a function under the limit must leave this table.
 */
const CEILING_KIB: Readonly<Record<string, number>> = {
  buildEvidencePack: 660, // 653.5
  createComplaint: 525, // 517.3
  customerContact: 520, // 516.3
  staffContact: 520, // 515.2
  revealField: 500, // 492.9
  inboundEmail: 475, // 468.9
  socialWebhook: 320, // 315.9
  staffAction: 315, // 308.5
  customerAction: 315, // 307.6
  resolveIncident: 310, // 306.6
  paymentWebhook: 305, // 297.3
  incidentFanOut: 295, // 292.0
  acknowledge: 295, // 291.6
  staffListAttachments: 295, // 287.7
  applyDueClocks: 290, // 285.0
  customerListAttachments: 290, // 284.7
  proposeRefund: 285, // 281.2
  decideRefund: 280, // 273.2
  decideChargeback: 280, // 272.9
  getOpenApi: 275, // 270.0
  financeTimers: 270, // 264.2
  declareIncident: 260, // 252.8
  postIncidentUpdate: 260, // 252.6
  sendKpiReport: 245, // 239.2
  onCaseChange: 240, // 234.9
  sendDueOutbox: 240, // 233.4
  staffLiftFlag: 240, // 233.1
  customerExport: 235, // 230.3
  customerErasure: 235, // 228.9
  staffGetComplaint: 245, // 239.4: reads the finance entries for the chargeback holds it lists (privacy5)
  staffExport: 235, // 227.3
  getComplaint: 230, // 225.9
  eraseCustomerData: 230, // 224.3
  recordCaseFacts: 225, // 220.6
  staffQueue: 225, // 217.9
  staffAttention: 220, // 216.2
  expirePersonalData: 220, // 214.6
  staffNewAttachment: 220, // 214.1
  financeTotals: 220, // 212.8
  customerNewAttachment: 215, // 211.1
  staffKpis: 210, // 204.7
  reconcileWorkflows: 190, // 183.8
  listCategories: 180, // 176.9
  recordFailure: 165, // 160.3
  financeExport: 155, // 152.0
};

describe('bundle size (issue 14, target 1)', () => {
  it('every function is within 150 KiB, or within its recorded ceiling while it is not there yet', async () => {
    // Act
    const sizes = await bundleSizes(deployedEntries(), 'promptearn');
    // Assess
    const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    const tooLarge = sizes.filter((s) => s.bytes > (CEILING_KIB[s.name] ?? BUNDLE_LIMIT_BYTES / 1024) * 1024).map((s) => `${s.name} ${kib(s.bytes)} KiB (${s.contributors.slice(0, 3).map(([c, b]) => `${c} ${kib(b)}`).join(', ')})`);
    expect(tooLarge).toEqual([]);
    const noLongerOver = sizes.filter((s) => s.name in CEILING_KIB && s.bytes <= BUNDLE_LIMIT_BYTES).map((s) => s.name);
    expect(noLongerOver, 'under the limit now: remove from CEILING_KIB').toEqual([]);
    expect(Object.keys(CEILING_KIB).filter((name) => !sizes.some((s) => s.name === name)), 'no such function').toEqual([]);
  }, 180_000);
});
