/**
 * The preset registry, one per seed policy in shared/seeds/. Presets are JSON so ops can edit them without
 * TypeScript, and imported statically so every Lambda bundle carries them (no file reads at run time).
 * Add a preset here; its clause table in docs/policies.md is generated (`npm run policy-docs`).
 */
import earnway from './earnway.json';
import ecomstore from './ecomstore.json';
import generic from './generic.json';
import itc from './itc.json';
import promptearn from './promptearn.json';

export const presets: Record<string, unknown> = { promptearn, earnway, itc, generic, ecomstore };
/** Promptearn (seed 001) is the policy the product was designed around. */
export const defaultPreset = 'promptearn';

/**
 * Earlier versions of each preset still referenced by cases that started under them, oldest first. When a preset's
 * version changes, move the previous document here (e.g. `policies/versions/itc@1.0.0.json`) so open cases keep
 * being decided by the promises they were given.
 */
export const earlierVersions: Record<string, unknown[]> = {};
