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
import type { ArchivedVersions } from './archive';
import { archive as earnwayArchive } from './versions/earnway.generated';
import { archive as ecomstoreArchive } from './versions/ecomstore.generated';
import { archive as genericArchive } from './versions/generic.generated';
import { archive as itcArchive } from './versions/itc.generated';
import { archive as promptearnArchive } from './versions/promptearn.generated';

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
 * Earlier versions of each preset still referenced by cases that started under them. When a preset's version
 * changes, copy the previous document to `policies/versions/<preset>/<version>.json` and run
 * `npm run policy:versions -- lock`, which packs a preset's archived documents into
 * `policies/versions/<preset>.generated.ts` (compressed, policies/archive.ts; a new preset's module is imported
 * here); the tests fail until that is done (tools/policy-versions.ts), and `check-deployed` tells before a deploy
 * whether a live table still needs a version the package lacks.
 */
export const earlierVersions: Record<string, ArchivedVersions> = {
  // Spelled out like the presets above, so esbuild drops every other preset's earlier versions from a bundle.
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'promptearn' ? { promptearn: promptearnArchive } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'ecomstore' ? { ecomstore: ecomstoreArchive } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'earnway' ? { earnway: earnwayArchive } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'itc' ? { itc: itcArchive } : {}),
  ...(typeof __BUNDLED_POLICY_PRESET__ === 'undefined' || __BUNDLED_POLICY_PRESET__ === 'generic' ? { generic: genericArchive } : {}),
};
