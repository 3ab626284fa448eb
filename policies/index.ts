/**
 * The preset registry. Presets are JSON so ops can edit them without TypeScript, and imported statically so
 * every Lambda bundle carries them (no file reads at run time). Add a preset here and in docs/policies.md.
 */
import promptearn from './promptearn.json';

export const presets: Record<string, unknown> = { promptearn };
export const defaultPreset = 'promptearn';
