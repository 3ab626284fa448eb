/**
 * The preset registry, one per seed policy in shared/seeds/. Presets are JSON so ops can edit them without
 * TypeScript, and imported statically so a Lambda bundle carries its preset (no file reads at run time).
 * Add a preset here; its clause table in docs/policies.md is generated (`npm run policy-docs`).
 */
import earnway from './earnway.json';
import ecomstore from './ecomstore.json';
import generic from './generic.json';
import itc from './itc.json';
import promptearn from './promptearn.json';
import promptearn110 from './versions/promptearn/1.1.0.json';
import promptearn120 from './versions/promptearn/1.2.0.json';
import ecomstore100 from './versions/ecomstore/1.0.0.json';
import ecomstore110 from './versions/ecomstore/1.1.0.json';
import earnway100 from './versions/earnway/1.0.0.json';
import itc100 from './versions/itc/1.0.0.json';
import generic100 from './versions/generic/1.0.0.json';

/**
 * A Lambda bundle carries only the deployed preset: its bundling defines __BUNDLED_POLICY_PRESET__ (esbuild
 * `define`), each comparison below folds to a constant and the other presets' JSON drops out. Unset (tests, tools,
 * the local runtime run from source), every preset is here.
 */
declare const __BUNDLED_POLICY_PRESET__: string | undefined;

// Written out per preset: esbuild folds literal comparisons in place, not through a helper or a shared const.
export const presets: Record<string, unknown> = {
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'promptearn' ? { promptearn } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'earnway' ? { earnway } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'itc' ? { itc } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'generic' ? { generic } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'ecomstore' ? { ecomstore } : {}),
};
/** Promptearn (seed 001) is the policy the product was designed around. */
export const defaultPreset = 'promptearn';

/**
 * Earlier versions of each preset still referenced by cases that started under them, oldest first. When a preset's
 * version changes, copy the previous document to `policies/versions/<preset>/<version>.json`, import it here, and run
 * `npm run policy:versions -- lock`; the tests fail until that is done (tools/policy-versions.ts), and
 * `check-deployed` tells before a deploy whether a live table still needs a version the package lacks.
 */
export const earlierVersions: Record<string, unknown[]> = {
  // Spelled out like the presets above, so esbuild drops every other preset's earlier versions from a bundle.
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'promptearn' ? { promptearn: [promptearn110, promptearn120] } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'ecomstore' ? { ecomstore: [ecomstore100, ecomstore110] } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'earnway' ? { earnway: [earnway100] } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'itc' ? { itc: [itc100] } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'generic' ? { generic: [generic100] } : {}),
};
